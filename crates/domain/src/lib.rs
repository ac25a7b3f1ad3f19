//! The rules of Lumbung Inovasi, free of I/O.
//!
//! Every value that crosses a boundary (a form, a JSON body, a spreadsheet cell) is parsed here
//! into a type that cannot hold an invalid value. Messages meant for users are in Bahasa
//! Indonesia, because they are shown to officials as they are.

pub mod affair;
pub mod agency;
pub mod award;
pub mod competition;
pub mod complaint;
pub mod consultation;
pub mod errors;
pub mod evidence_file;
pub mod index;
pub mod innovation;
pub mod parse;
pub mod permission;
pub mod region;
pub mod replication;
pub mod time;
pub mod user;

pub use errors::FieldErrors;
