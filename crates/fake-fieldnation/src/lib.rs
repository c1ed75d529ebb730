//! A stateful fake of the fieldnation API for the tests of its connector (to be written).
