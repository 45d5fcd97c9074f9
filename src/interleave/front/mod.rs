//! The Python front end both engines share: source -> tokens ([`lexer`]) ->
//! syntax tree ([`parser`], building [`crate::interleave::ast`]). It knows
//! nothing of either engine: what the game's model lacks is refused by the
//! game's compiler ([`crate::interleave::subset`]), so a program means the
//! same thing in the game and on real threads.

pub(crate) mod lexer;
pub(crate) mod parser;

pub use parser::parse_module;
