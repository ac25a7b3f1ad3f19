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

/// An input of `n` innovations whose mandatory SID rows are at level 1 (3 + 2 + 2 + 3 + 4 =
/// 14 each), the first `basic` of them in distinct basic-service affairs.
fn index_input(year: i32, n: usize, basic: usize) -> serde_json::Value {
    let basic_affairs = [
        "pendidikan",
        "kesehatan",
        "sosial",
        "pekerjaan_umum_penataan_ruang",
        "perumahan_rakyat_kawasan_permukiman",
        "ketenteraman_ketertiban_umum_pelindungan_masyarakat",
    ];
    let innovations: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let affair = if i < basic { basic_affairs[i] } else { "tenaga_kerja" };
            serde_json::json!({
                "id": format!("i{i}"), "affairs": [affair], "implementation_start": "2024-06-01",
                "latest_development": null, "design_words": 320,
                "answers": {"16": {"level": 1, "evidence": true}, "17": {"level": 1, "evidence": true},
                            "32": {"level": 1, "evidence": true}, "33": {"level": 1, "evidence": true},
                            "35": {"level": 1, "evidence": true}}
            })
        })
        .collect();
    serde_json::json!({
        "year": year,
        "region": {"answers": {"1": {"level": 3, "evidence": true}, "12": {"level": 2, "evidence": false}}},
        "innovations": innovations
    })
}

#[test]
fn index_evaluate_prints_one_json_document() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input.json");
    std::fs::write(&input, index_input(2026, 13, 5).to_string()).unwrap();
    let output = lumbung(
        dir.path(),
        &[
            "index",
            "evaluate",
            "--year",
            "2026",
            input.to_str().unwrap(),
        ],
    );
    let result: serde_json::Value = serde_json::from_str(&ok(output)).unwrap();
    // SPD: indicator 1 weight 1 × 3 = 3; indicator 12 has no evidence. SID: 13 × 14 = 182 / 13
    // = 14; count 13 × 0.38 = 4.94; total 3 + 14 + 4.94 = 21.94; index 8.776 → 8.78.
    assert_eq!(result["spd"], 3.0);
    assert_eq!(result["sid_average"], 14.0);
    assert_eq!(result["innovation_count_score"], 4.94);
    assert_eq!(result["total"], 21.94);
    assert_eq!(result["index"], 8.78);
    assert_eq!(result["category"], "kurang_inovatif");
    assert_eq!(result["included"], 13);
    assert_eq!(result["divisor"], 13);
    assert!(
        !dir.path().join("lumbung.db").exists(),
        "evaluate must not touch a database"
    );

    // A 2027 rubric file: MAX(14, n) and 6 of 6 affairs → 182 / 14 = 13, no count score,
    // total 16, index 6.40.
    let mut rubric =
        serde_json::to_value(lumbung_service::domain::index::built_in(2026).unwrap()).unwrap();
    rubric["year"] = 2027.into();
    rubric["divisor_min"] = 14.into();
    rubric["count_rule"]["basic_affairs_required"] = 6.into();
    let rubric_file = dir.path().join("rubric-2027.json");
    std::fs::write(&rubric_file, rubric.to_string()).unwrap();
    let input_2027 = dir.path().join("input-2027.json");
    std::fs::write(&input_2027, index_input(2027, 13, 5).to_string()).unwrap();
    let result: serde_json::Value = serde_json::from_str(&ok(lumbung(
        dir.path(),
        &[
            "index",
            "evaluate",
            "--rubric",
            rubric_file.to_str().unwrap(),
            input_2027.to_str().unwrap(),
        ],
    )))
    .unwrap();
    assert_eq!(
        (result["sid_average"].as_f64(), result["index"].as_f64()),
        (Some(13.0), Some(6.4))
    );

    // Bad input is a clear error on standard error, nothing on standard output.
    std::fs::write(&input, r#"{"region": {"answers": {}}}"#).unwrap();
    let missing_year = lumbung(dir.path(), &["index", "evaluate", input.to_str().unwrap()]);
    assert!(!missing_year.status.success());
    assert!(missing_year.stdout.is_empty());
    assert!(String::from_utf8_lossy(&missing_year.stderr).contains("year"));
    std::fs::write(
        &input,
        r#"{"year": 2026, "region": {"answers": {"1": {"level": 5, "evidence": true}}}}"#,
    )
    .unwrap();
    let level_five = lumbung(dir.path(), &["index", "evaluate", input.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&level_five.stderr).contains("bukan 5"));
    std::fs::write(&input, r#"{"year": 2030}"#).unwrap();
    let no_rubric = lumbung(dir.path(), &["index", "evaluate", input.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&no_rubric.stderr).contains("rubrik"));
}
