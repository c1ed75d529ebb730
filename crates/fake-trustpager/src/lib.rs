//! A stateful fake of the trustpager API for the tests of its connector (to be written).
