//! The documented CLI import run beside a serving server on one SQLite database: the import
//! (another process) holds SQLite's write lock for its one transaction, and the server's
//! writes meanwhile are done or answered 503 with `Retry-After` within seconds, never 500.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "sandi-admin-yang-panjang";

fn lumbung(data_dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lumbung"));
    command
        .env("LUMBUNG_DATA_DIR", data_dir)
        .env_remove("LUMBUNG_DATABASE_URL")
        .env_remove("LUMBUNG_SMTP_URL")
        .env("LUMBUNG_ADMIN_PASSWORD", PASSWORD);
    command
}

/// Stops the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn sheet(rows: usize) -> String {
    let mut text = String::from(
        "nama_inovasi,kode_wilayah,perangkat_daerah,tahapan,jenis,bentuk,waktu_uji_coba,waktu_penerapan,urusan_utama\n",
    );
    for i in 0..rows {
        text.push_str(&format!(
            "Layanan antrean daring puskesmas nomor {i},65,Dinas Kesehatan Provinsi Kalimantan Utara,Penerapan,Digital,Pelayanan publik,01/03/2021,12/03/2022,Kesehatan\n"
        ));
    }
    text
}

#[tokio::test]
async fn a_cli_import_beside_the_server_leaves_its_writes_done_or_busy_never_failed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = Server(
        lumbung(&data)
            .args(["serve", "--no-demo", "--addr", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let client = reqwest::Client::new();
    let started = Instant::now();
    while client.get(format!("{base}/healthz")).send().await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "server did not start"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let token = lumbung(&data)
        .args(["token", "create", "--email", "admin@lumbung.local"])
        .output()
        .unwrap();
    assert!(
        token.status.success(),
        "{}",
        String::from_utf8_lossy(&token.stderr)
    );
    let token = String::from_utf8(token.stdout).unwrap().trim().to_owned();

    let file = dir.path().join("inovasi.csv");
    std::fs::write(&file, sheet(3_000)).unwrap();
    let mut import = lumbung(&data)
        .args(["import", "innovations", file.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    let (mut done, mut busy, mut i) = (0, 0, 0);
    let mut slowest = Duration::ZERO;
    loop {
        let finished = import.try_wait().unwrap().is_some();
        if finished && i >= 4 {
            break;
        }
        let asked = Instant::now();
        let response = client
            .post(format!("{base}/api/v1/agencies"))
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"region": "65", "name": "Unit Layanan Terpadu {i}"}}"#
            ))
            .send()
            .await
            .unwrap();
        let waited = asked.elapsed();
        slowest = slowest.max(waited);
        match response.status().as_u16() {
            201 => done += 1,
            503 => {
                assert_eq!(
                    response.headers().get("retry-after").unwrap(),
                    "2",
                    "a busy answer says when to retry"
                );
                busy += 1;
            }
            status => panic!(
                "write {i} during the import answered {status}: {}",
                response.text().await.unwrap_or_default()
            ),
        }
        assert!(
            waited < Duration::from_secs(5),
            "write {i} waited {waited:?}"
        );
        i += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let output = import.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "the import failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(done > 0);
    eprintln!(
        "{i} writes beside a 3,000-row CLI import: {done} done, {busy} busy, slowest {slowest:?}"
    );

    let listed = client
        .get(format!("{base}/api/v1/innovations?per_page=1"))
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(listed["total"], 3_000, "the whole import is there");
}
