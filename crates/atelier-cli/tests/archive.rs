//! `atelier archive list|verify` run as the owner would: an archive the
//! station made reads intact, the same file with a byte changed fails the
//! command. (`archive make` needs the OS keyring, which test machines lack:
//! the archive is made through core with a fixed key.)

use std::path::Path;
use std::process::{Command, Output};

use atelier_core::Db;
use atelier_core::archives::{self, Period, SigningKey};

fn atelier(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atelier"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("ATELIER_DATA_DIR")
        .output()
        .expect("the atelier binary runs")
}

#[test]
fn an_archive_verifies_intact_then_fails_once_a_byte_is_changed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let path = {
        let mut db = Db::open_in_dir(data).unwrap();
        let station = archives::this_station(db.conn()).unwrap();
        let folder = archives::folder(db.conn(), data).unwrap();
        let period = Period::month(&station, "2026-03").unwrap();
        // 2026-04-02T09:00:00Z.
        archives::make(
            &mut db,
            &period,
            &SigningKey::from_bytes(&[7; 32]),
            &folder,
            1_775_120_400_000,
        )
        .unwrap()
        .path
    };
    let file = path.to_str().unwrap();
    let intact = atelier(&["archive", "verify", file], data);
    let said = String::from_utf8_lossy(&intact.stdout);
    assert!(
        intact.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&intact.stderr)
    );
    assert!(
        said.contains("Archive intacte : signature valide"),
        "{said}"
    );

    let listed = atelier(&["archive", "list"], data);
    let said = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.status.success(), "{said}");
    assert!(said.contains("intacte"), "{said}");
    assert!(said.contains("Clé publique du poste : "), "{said}");

    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 3;
    bytes[middle] ^= 0x55;
    std::fs::write(&path, bytes).unwrap();
    let broken = atelier(&["archive", "verify", file], data);
    assert!(
        !broken.status.success(),
        "a changed archive fails the command"
    );
    let listed = atelier(&["archive", "list"], data);
    assert!(
        !listed.status.success(),
        "so does the list of a changed one"
    );
    assert!(String::from_utf8_lossy(&listed.stdout).contains("MODIFIÉE"));
}
