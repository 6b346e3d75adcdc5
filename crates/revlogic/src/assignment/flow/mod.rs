//! Minimum-cost circulation by cost scaling (Goldberg and Tarjan's push-relabel with
//! ε-scaling), written for the optimal assignment mode. Costs are integers — the match degrees
//! scaled exactly by a power of ten — so the solution is exact and the same on every platform;
//! there is no floating point anywhere.
//!
//! Why cost scaling rather than successive shortest paths: a batch routes tens of thousands of
//! units of flow, and augmenting one path at a time costs a shortest-path search per lead.
//! Push-relabel works on all excesses at once and its refine passes are near-linear on the
//! sparse bipartite graphs assignment produces.

mod network;

pub use network::{ArcId, Flow, Network};
