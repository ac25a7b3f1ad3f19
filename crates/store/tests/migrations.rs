//! The two backends' migrations kept in step: the same migrations, building the same tables
//! and columns (but for the search index, which each backend builds its own way), and the
//! migrations already applied never edited (sqlx refuses to start on a changed checksum).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};

use lumbung_store::migrations;

/// Where the backends differ on purpose: SQLite keeps the search index in an FTS5 table,
/// numbering documents; PostgreSQL keeps a `tsvector` and the length BM25 needs.
const ONLY_SQLITE: &[&str] = &["innovation_search", "search_documents.doc"];
const ONLY_POSTGRES: &[&str] = &["search_documents.vector", "search_documents.doc_length"];

#[test]
fn both_backends_have_the_same_migrations() {
    let [(_, sqlite), (_, postgres)] = migrations();
    let names = |migrator: &sqlx::migrate::Migrator| -> Vec<(i64, String)> {
        migrator
            .iter()
            .map(|m| (m.version, m.description.to_string()))
            .collect()
    };
    assert_eq!(names(sqlite), names(postgres));
}

#[test]
fn sqlite_and_postgresql_build_the_same_tables_and_columns() {
    let [(_, sqlite), (_, postgres)] = migrations();
    let sqlite = columns(sqlite);
    let postgres = columns(postgres);
    let set = |names: &[&str]| -> BTreeSet<String> {
        names.iter().map(|name| (*name).to_owned()).collect()
    };
    let only_sqlite: BTreeSet<String> = sqlite.difference(&postgres).cloned().collect();
    let only_postgres: BTreeSet<String> = postgres.difference(&sqlite).cloned().collect();
    assert_eq!(only_sqlite, set(ONLY_SQLITE));
    assert_eq!(only_postgres, set(ONLY_POSTGRES));
    assert!(
        sqlite.contains("innovations.submitted_by"),
        "the parser reads ALTER TABLE"
    );
}

#[test]
fn applied_migrations_never_change() {
    // A new migration adds lines here; an edited one changes its checksum, which existing
    // databases would refuse at start. Review the snapshot's diff accordingly.
    let mut lines = Vec::new();
    for (backend, migrator) in migrations() {
        for migration in migrator.iter() {
            let checksum: String = migration
                .checksum
                .iter()
                .map(|byte| format!("{byte:02x}"))
                .collect();
            lines.push(format!(
                "{backend} {:04} {} {}",
                migration.version,
                migration.description,
                &checksum[..16]
            ));
        }
    }
    insta::assert_snapshot!("migration_checksums", lines.join("\n"));
}

/// `table` and `table.column` for every table the migrations leave, read from their SQL:
/// `CREATE [VIRTUAL] TABLE name (…)`, `ALTER TABLE name ADD COLUMN column`, `DROP TABLE name`.
fn columns(migrator: &sqlx::migrate::Migrator) -> BTreeSet<String> {
    let mut tables: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for migration in migrator.iter() {
        let sql: String = migration
            .sql
            .lines()
            .map(|line| line.split("--").next().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n");
        for statement in sql.split(';') {
            let words: Vec<&str> = statement.split_whitespace().collect();
            let upper: Vec<String> = words.iter().map(|w| w.to_uppercase()).collect();
            let starts = |prefix: &[&str]| {
                upper.len() >= prefix.len() && prefix.iter().zip(&upper).all(|(p, w)| p == w)
            };
            if starts(&["CREATE", "TABLE"]) || starts(&["CREATE", "VIRTUAL", "TABLE"]) {
                let at = upper.iter().position(|w| w == "TABLE").unwrap() + 1;
                let at = if upper[at] == "IF" { at + 3 } else { at };
                let name = words[at].split('(').next().unwrap().to_owned();
                let body =
                    &statement[statement.find('(').unwrap() + 1..statement.rfind(')').unwrap()];
                // A virtual table's arguments are its module's, not columns: the table counts.
                let columns = if upper[1] == "VIRTUAL" {
                    BTreeSet::new()
                } else {
                    column_names(body)
                };
                tables.insert(name, columns);
            } else if starts(&["ALTER", "TABLE"]) {
                let name = words[2].to_owned();
                if let Some(at) = upper.iter().position(|w| w == "COLUMN") {
                    let at = if upper[at + 1] == "IF" {
                        at + 4
                    } else {
                        at + 1
                    };
                    tables.entry(name).or_default().insert(words[at].to_owned());
                }
            } else if starts(&["DROP", "TABLE"]) {
                let at = if upper[2] == "IF" { 4 } else { 2 };
                tables.remove(words[at]);
            }
        }
    }
    tables
        .into_iter()
        .flat_map(|(table, columns)| {
            std::iter::once(table.clone()).chain(
                columns
                    .into_iter()
                    .map(move |column| format!("{table}.{column}")),
            )
        })
        .collect()
}

/// The column names of a `CREATE TABLE` body: the first word of each top-level item that is
/// not a table constraint.
fn column_names(body: &str) -> BTreeSet<String> {
    let mut items = Vec::new();
    let (mut depth, mut current) = (0, String::new());
    for ch in body.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(ch);
    }
    items.push(current);
    items
        .iter()
        .filter_map(|item| item.split_whitespace().next())
        .filter(|word| {
            !matches!(
                word.to_uppercase().as_str(),
                "PRIMARY" | "UNIQUE" | "FOREIGN" | "CHECK" | "CONSTRAINT"
            )
        })
        .map(|word| word.trim_matches('"').to_owned())
        .collect()
}
