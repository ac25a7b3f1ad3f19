//! The `lumbung` command line, run as a user would run it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn shared_dir() -> PathBuf {
    std::env::var_os("LUMBUNG_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

fn lumbung(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lumbung"))
        .args(args)
        .env("LUMBUNG_DATA_DIR", data_dir)
        .env_remove("LUMBUNG_DATABASE_URL")
        .env("LUMBUNG_NEW_PASSWORD", "sandi-yang-panjang-sekali")
        .output()
        .unwrap()
}

fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn imports_exports_and_accounts_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");

    // --data-dir works before or after the subcommand.
    let other = dir.path().join("other");
    ok(Command::new(env!("CARGO_BIN_EXE_lumbung"))
        .args(["--data-dir", other.to_str().unwrap(), "migrate"])
        .output()
        .unwrap());
    assert!(other.join("lumbung.db").exists());
    ok(Command::new(env!("CARGO_BIN_EXE_lumbung"))
        .args(["migrate", "--data-dir", other.to_str().unwrap()])
        .output()
        .unwrap());

    let wilayah = shared_dir().join("data/wilayah/wilayah.sql");
    let summary: serde_json::Value = serde_json::from_str(&ok(lumbung(
        &data,
        &["import", "regions", wilayah.to_str().unwrap()],
    )))
    .unwrap();
    assert_eq!(summary["provinces"], 38);
    assert_eq!(summary["regencies"], 416);
    assert_eq!(summary["cities"], 98);

    let sheet = dir.path().join("kaltara.csv");
    std::fs::write(
        &sheet,
        "nama_inovasi,kode_wilayah,perangkat_daerah,tahapan,jenis,bentuk,waktu_penerapan,penghargaan\n\
         Sipelandukilat,65,Disdukcapil Kaltara,Penerapan,Non digital,Pelayanan publik,15/01/2019,Top 45 KIPP 2019\n\
         Pro Lanteraku,65,Dinas Kesehatan Kaltara,Penerapan,Non digital,Pelayanan publik,2020-02-01,\n",
    )
    .unwrap();
    ok(lumbung(
        &data,
        &["import", "innovations", sheet.to_str().unwrap()],
    ));

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "nama_inovasi,kode_wilayah,perangkat_daerah,tahapan,jenis,bentuk\nX,65,Dinas,selesai,Digital,Pelayanan publik\n").unwrap();
    let rejected = lumbung(&data, &["import", "innovations", bad.to_str().unwrap()]);
    assert!(!rejected.status.success());
    let message = String::from_utf8_lossy(&rejected.stderr);
    assert!(message.contains("baris 2, kolom tahapan"), "{message}");

    let exported: serde_json::Value = serde_json::from_str(&ok(lumbung(
        &data,
        &[
            "export",
            "innovations",
            "--format",
            "json",
            "--region",
            "65",
        ],
    )))
    .unwrap();
    let names: Vec<&str> = exported
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Sipelandukilat", "Pro Lanteraku"]);
    let csv_file = dir.path().join("out.csv");
    ok(lumbung(
        &data,
        &[
            "export",
            "innovations",
            "--format",
            "csv",
            "-o",
            csv_file.to_str().unwrap(),
        ],
    ));
    assert!(
        std::fs::read_to_string(&csv_file)
            .unwrap()
            .contains("Top 45 KIPP 2019")
    );

    ok(lumbung(
        &data,
        &[
            "user",
            "add",
            "--email",
            "biro@kaltaraprov.go.id",
            "--name",
            "Biro Organisasi",
            "--role",
            "province_admin@65",
        ],
    ));
    let duplicate = lumbung(
        &data,
        &[
            "user",
            "add",
            "--email",
            "biro@kaltaraprov.go.id",
            "--name",
            "B",
            "--role",
            "province_admin@65",
        ],
    );
    assert!(!duplicate.status.success());
    let token = ok(lumbung(
        &data,
        &["token", "create", "--email", "biro@kaltaraprov.go.id"],
    ));
    assert!(
        token.trim().starts_with("lbg_") && token.trim().len() > 40,
        "{token}"
    );
}
