#!/bin/sh
# A stand-in C compiler for a `cargo check` for a target whose SDK is not on this machine
# (scripts/check-macos.sh): a check links nothing, so the C parts of dependencies (SQLite,
# zstd, an Objective-C helper) need not be compiled, only "built". It answers the cc crate's
# two questions as clang would (the family probe `-E` names clang; the MSVC probe `-?` fails)
# and makes each requested object an empty file.
case " $* " in
  *" -E "*) echo '"clang"'; exit 0 ;;
  *" -? "*) exit 1 ;;
esac
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out="$2"; shift 2 ;;
    *) shift ;;
  esac
done
[ -n "$out" ] && : >"$out"
exit 0
