//! The store's test suite, run on SQLite always and on PostgreSQL when `PLENARY_TEST_POSTGRES` names a
//! database (CI sets it; see `.ci/run`). The same assertions hold on both.

mod suite;

use plenary_store::{PostgresLog, SqliteLog};

/// A fresh SQLite database in a temporary file (a real file: WAL and fsync as in production).
async fn sqlite() -> (SqliteLog, tempfile_dir::TempDir) {
    let directory = tempfile_dir::TempDir::new();
    let log = SqliteLog::open(&directory.path().join("plenary.db")).await.expect("SQLite opens");
    (log, directory)
}

/// A fresh PostgreSQL database, or `None` when no server is configured for tests.
async fn postgres() -> Option<PostgresLog> {
    let url = std::env::var("PLENARY_TEST_POSTGRES").ok()?;
    let log = PostgresLog::connect(&url).await.expect("PostgreSQL connects");
    log.reset().await.expect("PostgreSQL resets");
    Some(log)
}

/// Runs one suite function on both stores. PostgreSQL tests share one database, so they run one at a time.
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite_store {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let (log, directory) = super::sqlite().await;
                    let raw = super::suite::Raw::Sqlite(directory.path().join("plenary.db"));
                    super::suite::$name(log, raw).await;
                }
            )*
        }
        mod postgres_store {
            static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let _serial = SERIAL.lock().await;
                    let Some(log) = super::postgres().await else {
                        eprintln!("PLENARY_TEST_POSTGRES is not set: the PostgreSQL run of this test is skipped");
                        return;
                    };
                    let url = std::env::var("PLENARY_TEST_POSTGRES").unwrap_or_default();
                    super::suite::$name(log, super::suite::Raw::Postgres(url)).await;
                }
            )*
        }
    };
}

on_both!(
    the_2017_plenary_is_recorded_and_folds_back_the_same_after_reopening,
    a_refused_fact_appends_nothing,
    an_edited_event_is_found_by_verify_and_stops_the_journal_opening,
    one_hundred_concurrent_casts_by_one_delegation_leave_one_counted_ballot,
    a_whole_assembly_casting_at_once_is_committed_in_groups_without_a_gap,
    sessions_expire_and_can_be_deleted,
    two_journals_on_one_database_take_turns_and_see_each_other,
    a_deleted_last_event_is_found_by_the_checkpoint_that_signed_it,
    thirty_deleted_last_events_are_counted_by_the_latest_checkpoint,
    a_ballot_changed_and_the_chain_resealed_is_found_by_a_checkpoint_root,
    a_middle_event_deleted_and_the_chain_resealed_is_found_by_a_checkpoint_root,
    resigned_checkpoints_fail_the_real_key_and_a_stolen_key_is_caught_by_a_kept_checkpoint,
    an_older_copy_put_back_passes_alone_and_a_kept_checkpoint_catches_the_rewind,
    a_range_of_events_and_the_checkpoint_covering_an_event_are_read_bounded,
);

mod tempfile_dir {
    //! A temporary directory removed on drop, without a dependency for it.
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicU32, Ordering};

    static NEXT: AtomicU32 = AtomicU32::new(0);

    #[derive(Debug)]
    pub struct TempDir(PathBuf);

    impl TempDir {
        pub fn new() -> TempDir {
            let unique = NEXT.fetch_add(1, Ordering::Relaxed);
            let path =
                std::env::temp_dir().join(format!("plenary-store-test-{}-{unique}", std::process::id()));
            std::fs::create_dir_all(&path).expect("a temporary directory");
            TempDir(path)
        }

        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
