//! Lead assignment (线索分配算法, SPEC §3): a policy document loaded once, then batches of
//! leads handed to reps — health filter, eligibility, load with stale leads reclaimed, the
//! industry breaker, capability match and the choosing mode — every lead coming back exactly
//! once with its reasons.

mod assign;
mod band;
mod checks;
pub mod claim;
pub mod document;
mod eligibility;
pub mod fairness;
pub mod flow;
mod health;
mod matching;
mod optimal;
mod ordered;
mod policy;
pub mod random;
pub mod request;
pub mod result;
mod roster;
mod weighted;

pub use claim::{ClaimRefusal, ClaimRequest, ClaimResult};
pub use document::{
    AssignmentMode, BreakerDoc, ClaimDoc, EligibilityDoc, FairnessBandDoc, FairnessDoc, HealthDoc,
    LoadDoc, MatchDoc, MatchWeights, OptimalDoc, OrderingDoc, PolicyDocument, RankKey, TargetShare,
};
pub use fairness::{
    AssignmentRecord, FairnessReport, FairnessRequest, FairnessWarning, FairnessWarningKind,
    GroupFairness,
};
pub use policy::AssignmentPolicy;
pub use request::{AssignRequest, IndustryStats, Lead, OpenLead, PastAssignment, Rep, Urgency};
pub use result::{
    Assignment, AssignmentResult, PoolReason, PooledLead, Reclaim, RejectReason, RejectedLead,
    Summary,
};
