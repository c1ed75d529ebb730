//! A stateful fake of the scan2evolve API for the tests of its connector (to be written).
