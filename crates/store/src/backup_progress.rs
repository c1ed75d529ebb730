//! How far the running backup is, so the window can show it.
//!
//! A backup of a large database takes a while (26 s at 1,000,000 orders: the snapshot, then
//! its compression), and the daily one starts by itself. The store allows one backup at a
//! time per open database; while it runs, [`BackupProgress::reading`] says which step it is in
//! and how many bytes of how many are done. The snapshot's figure is the size of the file
//! SQLite is writing, read when asked, against the database file's size (the snapshot is at
//! most that); compression counts the bytes it has read; a `pg_dump` has no known total.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// A step of a backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupStep {
    /// SQLite writes a consistent copy of the database (`VACUUM INTO`).
    Snapshot,
    /// The copy is compressed into the backup file.
    Compress,
    /// `pg_dump` writes the shared database's dump.
    Dump,
}

/// What [`BackupProgress::reading`] says: the step, and bytes done of `total` (0: unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgressReading {
    pub step: BackupStep,
    pub done: u64,
    pub total: u64,
}

/// The progress of the store's backup; shared by the store's clones.
#[derive(Clone, Debug, Default)]
pub struct BackupProgress(Arc<Mutex<Option<Running>>>);

#[derive(Debug)]
struct Running {
    step: BackupStep,
    /// The file being written, whose size is the progress of a snapshot or a dump.
    writing: PathBuf,
    total: u64,
    /// Bytes read so far by the compression.
    read: Arc<AtomicU64>,
}

impl BackupProgress {
    /// Marks a backup as running, or returns `None` when one already is. The mark is taken
    /// away when the returned guard is dropped, however the backup ends.
    pub(crate) fn begin(&self) -> Option<RunningBackup> {
        let mut held = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if held.is_some() {
            return None;
        }
        *held = Some(Running {
            step: BackupStep::Snapshot,
            writing: PathBuf::new(),
            total: 0,
            read: Arc::default(),
        });
        Some(RunningBackup(self.clone()))
    }

    /// Where the running backup is, or `None` when none runs.
    pub fn reading(&self) -> Option<ProgressReading> {
        let held = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let running = held.as_ref()?;
        let done = match running.step {
            BackupStep::Compress => running.read.load(Ordering::Relaxed),
            BackupStep::Snapshot | BackupStep::Dump => std::fs::metadata(&running.writing)
                .map(|m| m.len())
                .unwrap_or(0),
        };
        // A snapshot can come out larger than the file's size said at its start (rows
        // written meanwhile); the bar then stays full rather than run over.
        let done = if running.total > 0 {
            done.min(running.total)
        } else {
            done
        };
        Some(ProgressReading {
            step: running.step,
            done,
            total: running.total,
        })
    }
}

/// The mark of a running backup; dropping it says the backup is over.
pub(crate) struct RunningBackup(BackupProgress);

impl RunningBackup {
    /// Enters `step`, which writes `writing` (and, for compression, reads `total` bytes).
    /// Returns the counter compression adds its bytes to.
    pub(crate) fn step(&self, step: BackupStep, writing: &Path, total: u64) -> Arc<AtomicU64> {
        let mut held = (self.0).0.lock().unwrap_or_else(|p| p.into_inner());
        let read = Arc::new(AtomicU64::new(0));
        *held = Some(Running {
            step,
            writing: writing.to_path_buf(),
            total,
            read: read.clone(),
        });
        read
    }
}

impl Drop for RunningBackup {
    fn drop(&mut self) {
        let mut held = (self.0).0.lock().unwrap_or_else(|p| p.into_inner());
        *held = None;
    }
}

/// A reader that adds the bytes it reads to a counter.
pub(crate) struct CountingReader<R> {
    pub(crate) inner: R,
    pub(crate) read: Arc<AtomicU64>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn one_backup_at_a_time_and_the_mark_goes_with_the_guard() {
        let progress = BackupProgress::default();
        let running = progress.begin();
        assert!(running.is_some());
        assert!(progress.begin().is_none(), "a second backup must wait");
        drop(running);
        assert_eq!(progress.reading(), None);
        assert!(progress.begin().is_some());
    }

    #[test]
    fn compression_counts_what_it_reads_against_the_total() {
        let progress = BackupProgress::default();
        let running = progress.begin().unwrap();
        let counter = running.step(BackupStep::Compress, Path::new("x.zst"), 10_000);
        let mut reader = CountingReader {
            inner: &[7u8; 6_000][..],
            read: counter,
        };
        let mut sink = Vec::new();
        std::io::copy(&mut reader, &mut sink).unwrap();
        let reading = progress.reading().unwrap();
        assert_eq!(reading.step, BackupStep::Compress);
        assert_eq!((reading.done, reading.total), (6_000, 10_000));
    }

    #[test]
    fn a_snapshot_reads_the_size_of_the_file_being_written_and_never_runs_over() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("snapshot");
        let progress = BackupProgress::default();
        let running = progress.begin().unwrap();
        running.step(BackupStep::Snapshot, &file, 4_096);
        assert_eq!(
            progress.reading().map(|r| r.done),
            Some(0),
            "nothing written yet"
        );
        std::fs::write(&file, [0u8; 1_000]).unwrap();
        assert_eq!(progress.reading().map(|r| r.done), Some(1_000));
        std::fs::write(&file, [0u8; 5_000]).unwrap();
        assert_eq!(progress.reading().map(|r| r.done), Some(4_096));
    }
}
