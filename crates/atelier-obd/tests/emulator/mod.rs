//! The real ELM327 emulator (PyPI `ELM327-emulator`, pinned in
//! `scripts/setup`, installed in `target/venv`; `ATELIER_VENV` points
//! elsewhere), started for one test on a pseudo-terminal or a TCP port and
//! stopped when dropped. Its scenarios are the shipped ones (`car`,
//! `engineoff`) or Atelier's (`atelier_*`, in `atelier_scenarios.py`
//! beside this file), merged with the emulator's own `merge` command.
//! The emulator's console takes commands on its standard input while it
//! serves (`pause`, `delay 0.4`, `timer P1 0.002`): [`Emulator::say`].
//!
//! Shared by atelier-obd's tests and bench, atelier-cli's test and the
//! end-to-end diagnosis in the real window.

#![allow(dead_code, reason = "each test binary uses part of it")]

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use atelier_obd::Adapter;

const SCENARIOS: &str = include_str!("atelier_scenarios.py");

/// The virtual environment holding the emulator: `ATELIER_VENV`, or the
/// workspace's `target/venv` that `scripts/setup` makes. Fails the test,
/// never skips it, when the emulator is not there.
pub fn venv() -> PathBuf {
    // The workspace's root, whichever of its crates includes this file.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|d| d.join("Cargo.lock").exists())
        .expect("the workspace's root, where Cargo.lock is");
    let venv =
        std::env::var_os("ATELIER_VENV").map_or_else(|| root.join("target/venv"), PathBuf::from);
    let python = venv.join("bin/python");
    let installed = Command::new(&python)
        .args(["-c", "import elm"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        installed,
        "the ELM327 emulator is missing from {}: run scripts/setup (it installs \
         ELM327-emulator in target/venv), or set ATELIER_VENV to a virtual \
         environment that has it",
        venv.display()
    );
    venv
}

/// A running emulator.
pub struct Emulator {
    child: Child,
    stdin: ChildStdin,
    dir: tempfile::TempDir,
    out: PathBuf,
    marks: u32,
    /// Where to reach it.
    pub adapter: Adapter,
}

impl Emulator {
    /// The emulator on a pseudo-terminal, playing `scenario`.
    pub fn pty(scenario: &str) -> Self {
        Self::start(scenario, None)
    }

    /// The emulator on a TCP port of 127.0.0.1, playing `scenario`.
    pub fn tcp(scenario: &str) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        Self::start(scenario, Some(port))
    }

    fn start(scenario: &str, port: Option<u16>) -> Self {
        let venv = venv();
        let dir = tempfile::tempdir().expect("a directory for the emulator");
        std::fs::write(dir.path().join("atelier_scenarios.py"), SCENARIOS)
            .expect("the scenarios written");
        let out = dir.path().join("console.txt");
        let mut command = Command::new(venv.join("bin/python"));
        command
            .args(["-m", "elm", "-b"])
            .arg(&out)
            .current_dir(dir.path())
            .env("PYTHONPATH", dir.path())
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(port) = port {
            command.args(["-n", &port.to_string()]);
        }
        let mut child = command.spawn().expect("the emulator starts");
        let stdin = child.stdin.take().expect("the emulator's console");
        let mut emulator = Self {
            child,
            stdin,
            dir,
            out,
            marks: 0,
            adapter: Adapter::tcp(""),
        };
        if scenario.starts_with("atelier_") {
            emulator.say("merge atelier_scenarios");
        }
        emulator.say(&format!("scenario {scenario}"));
        let console = emulator.console();
        assert!(
            console.contains(&format!("switched to '{scenario}'")),
            "the emulator did not take scenario {scenario}: {console}"
        );
        emulator.adapter = match port {
            Some(port) => Adapter::tcp(format!("127.0.0.1:{port}")),
            None => Adapter::serial(
                console
                    .lines()
                    .next()
                    .expect("the pseudo-terminal's name first")
                    .trim(),
            ),
        };
        emulator
    }

    /// Gives the emulator's console `command` and waits until it is done;
    /// fails the test when the console refuses it.
    pub fn say(&mut self, command: &str) {
        let before = self.console().len();
        self.marks += 1;
        let mark = format!("atelier-mark-{}", self.marks);
        writeln!(self.stdin, "{command}\nprint('{mark}', flush=True)")
            .expect("the emulator's console takes commands");
        let started = Instant::now();
        while !self.console().contains(&mark) {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the emulator stopped ({status}): {}", self.console());
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the emulator did not run {command:?}: {}",
                self.console()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let console = self.console();
        let answer = console.get(before..).unwrap_or_default();
        assert!(
            !["Error", "Invalid", "Unknown", "Cannot"]
                .iter()
                .any(|word| answer.contains(word)),
            "the emulator's console refused {command:?}: {answer}"
        );
    }

    /// What the emulator's console printed so far.
    pub fn console(&self) -> String {
        std::fs::read_to_string(&self.out).unwrap_or_default()
    }

    /// The emulator's own log, for a failing test's message.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("elm.log")).unwrap_or_default()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
