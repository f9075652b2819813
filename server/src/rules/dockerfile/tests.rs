//! Per-rule tests of the Dockerfile rules, run in-process through the engine.
