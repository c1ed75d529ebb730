//! `sqlx::migrate!` embeds the migrations at compile time; this makes cargo rebuild the store
//! when a migration is added or changed (sqlx's own advice), so no binary misses one.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
