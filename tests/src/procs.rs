//! The app's processes as Linux shows them in `/proc`, for the benchmarks:
//! the shell and every process under it (WebKit's web and network
//! processes), their memory and the files they map.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::PATIENCE;

/// Every process's pid, read from `/proc`.
fn pids() -> Vec<u32> {
    std::fs::read_dir("/proc")
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.file_name().to_str().and_then(|s| s.parse().ok()))
                .collect()
        })
        .unwrap_or_default()
}

/// `root` and every process under it, `root` first.
pub fn tree(root: u32) -> Vec<u32> {
    let mut children: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for pid in pids() {
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // `pid (comm) state ppid …`: the name may hold spaces and brackets.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(ppid) = ppid {
            children.entry(ppid).or_default().push(pid);
        }
    }
    let mut all = vec![root];
    let mut i = 0;
    while let Some(&pid) = all.get(i) {
        all.extend(children.get(&pid).into_iter().flatten());
        i += 1;
    }
    all
}

/// The process named `name` (as in `/proc/PID/comm`) whose command line
/// holds `marker`, waited for at most [`PATIENCE`].
pub fn find(name: &str, marker: &str) -> Result<u32> {
    let start = Instant::now();
    loop {
        if let Some(pid) = running(name, marker) {
            return Ok(pid);
        }
        if start.elapsed() > PATIENCE {
            bail!("no process {name} with {marker} in its command line");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The process named `name` whose command line holds `marker`, if one runs.
pub fn running(name: &str, marker: &str) -> Option<u32> {
    pids().into_iter().find(|pid| {
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        comm.trim() == name && String::from_utf8_lossy(&cmdline).contains(marker)
    })
}

/// Kibibytes of proportional set size (PSS) by process name, over `root`
/// and every process under it: a page shared between them counts once in
/// all.
pub fn pss(root: u32) -> Result<BTreeMap<String, u64>> {
    let mut by_name = BTreeMap::new();
    for pid in tree(root) {
        let proc = PathBuf::from(format!("/proc/{pid}"));
        let (Ok(name), Ok(rollup)) = (
            std::fs::read_to_string(proc.join("comm")),
            std::fs::read_to_string(proc.join("smaps_rollup")),
        ) else {
            continue; // gone meanwhile
        };
        let kib: u64 = rollup
            .lines()
            .find_map(|l| l.strip_prefix("Pss:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0);
        *by_name.entry(name.trim().to_owned()).or_default() += kib;
    }
    if by_name.is_empty() {
        bail!("process {root} is gone");
    }
    Ok(by_name)
}

/// Kibibytes of PSS of the processes named `name` under `root`, by kind of
/// mapping: `[heap]` (the C library's heap of the main thread), `[anon]`
/// (anonymous mappings: its other threads' heaps, JavaScriptCore's and
/// WebKit's own allocators), a memfd or device file by name, `[stack]`, or
/// `files` (the program and its libraries).
/// Linux cuts a process's name to 15 bytes: `name` may be longer.
pub fn pss_by_mapping(root: u32, name: &str) -> BTreeMap<String, u64> {
    let mut by_kind = BTreeMap::new();
    for pid in tree(root) {
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        let comm = comm.trim();
        if comm.is_empty() || !name.starts_with(comm) {
            continue;
        }
        let Ok(smaps) = std::fs::read_to_string(format!("/proc/{pid}/smaps")) else {
            continue;
        };
        let mut kind = String::new();
        for line in smaps.lines() {
            let mut words = line.split_whitespace();
            let first = words.next().unwrap_or_default();
            if first.contains('-') && !first.ends_with(':') {
                // A mapping's header: `start-end perms offset dev inode [path]`.
                let path = words.nth(4).unwrap_or_default();
                kind = if path.is_empty() {
                    "[anon]".to_owned()
                } else if path.starts_with("[stack") {
                    "[stack]".to_owned()
                } else if path.starts_with('[') {
                    path.to_owned()
                } else if path.starts_with("/memfd:") || path.starts_with("/dev/") {
                    path.split(" (deleted)").next().unwrap_or(path).to_owned()
                } else {
                    "files".to_owned()
                };
            } else if first == "Pss:" {
                let kib: u64 = words.next().and_then(|v| v.parse().ok()).unwrap_or(0);
                *by_kind.entry(kind.clone()).or_default() += kib;
            }
        }
    }
    by_kind
}

/// The regular files `root` and the processes under it map: the program,
/// its libraries, the database.
pub fn mapped_files(root: u32) -> BTreeSet<PathBuf> {
    let mut files = BTreeSet::new();
    for pid in tree(root) {
        let Ok(maps) = std::fs::read_to_string(format!("/proc/{pid}/maps")) else {
            continue;
        };
        for line in maps.lines() {
            // The path is the sixth column; `[heap]` and the like are not files.
            if let Some(path) = line
                .split_whitespace()
                .nth(5)
                .filter(|p| p.starts_with('/'))
            {
                let path = Path::new(path);
                if path.is_file() {
                    files.insert(path.to_owned());
                }
            }
        }
    }
    files
}
