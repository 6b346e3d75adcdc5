//! The residual network and the cost-scaling solver.

/// The handle of an arc added to a [`Network`], for reading its flow afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArcId(usize);

/// A directed network with integer capacities and costs. Arcs are stored in pairs (an arc and
/// its reverse) so that the residual graph is the arc list itself.
#[derive(Debug, Clone, Default)]
pub struct Network {
    to: Vec<u32>,
    from: Vec<u32>,
    capacity: Vec<i64>,
    cost: Vec<i64>,
    /// Flow each node must send out (positive) or take in (negative); zero by default.
    supply: Vec<(usize, i64)>,
    nodes: usize,
}

impl Network {
    pub fn new(nodes: usize) -> Self {
        Network {
            nodes,
            ..Network::default()
        }
    }

    pub fn add_node(&mut self) -> usize {
        self.nodes += 1;
        self.nodes - 1
    }

    pub fn nodes(&self) -> usize {
        self.nodes
    }

    /// Adds an arc `from → to` with the given capacity and cost per unit.
    pub fn add_arc(&mut self, from: usize, to: usize, capacity: i64, cost: i64) -> ArcId {
        let id = self.to.len();
        // Node counts stay far below u32::MAX: a node is a lead, a rep or a rep × industry.
        let (f, t) = (from as u32, to as u32);
        self.from.extend([f, t]);
        self.to.extend([t, f]);
        self.capacity.extend([capacity, 0]);
        self.cost.extend([cost, -cost]);
        ArcId(id)
    }

    /// The node an arc leaves.
    pub fn tail(&self, arc: ArcId) -> usize {
        self.from[arc.0] as usize
    }

    /// Changes the cost per unit of an arc already added.
    pub fn set_cost(&mut self, arc: ArcId, cost: i64) {
        self.cost[arc.0] = cost;
        self.cost[arc.0 ^ 1] = -cost;
    }

    /// Changes the capacity of an arc already added.
    pub fn set_capacity(&mut self, arc: ArcId, capacity: i64) {
        self.capacity[arc.0] = capacity;
    }

    /// Makes `node` send `amount` units more into the network (negative: take them in). The
    /// supplies must sum to zero and a flow meeting them must exist, or the solver does not
    /// finish: callers set them only where they have shown one exists.
    pub fn add_supply(&mut self, node: usize, amount: i64) {
        self.supply.push((node, amount));
    }

    /// Finds a minimum-cost circulation (every arc's lower bound is 0) and returns the flow on
    /// each arc, indexed by [`ArcId`] through [`Flow::on`].
    pub fn min_cost_circulation(&self) -> Flow {
        Solver::new(self).run()
    }
}

/// The solution of [`Network::min_cost_circulation`].
#[derive(Debug, Clone)]
pub struct Flow {
    residual: Vec<i64>,
    capacity: Vec<i64>,
}

impl Flow {
    /// The flow on an arc.
    pub fn on(&self, arc: ArcId) -> i64 {
        self.capacity[arc.0] - self.residual[arc.0]
    }
}

/// Scaling factor between refine passes: larger means fewer passes, each with more work; 8–16
/// is the usual sweet spot for assignment-like graphs.
const ALPHA: i64 = 10;

struct Solver {
    n: usize,
    /// CSR: arcs of node v are `order[start[v]..start[v + 1]]`, as indices into the pair arrays.
    start: Vec<usize>,
    order: Vec<usize>,
    to: Vec<usize>,
    residual: Vec<i64>,
    capacity: Vec<i64>,
    /// Costs multiplied by `n + 1`, so that ε < 1 in scaled units means exact optimality.
    cost: Vec<i64>,
    price: Vec<i64>,
    excess: Vec<i64>,
    current: Vec<usize>,
}

impl Solver {
    fn new(net: &Network) -> Self {
        let n = net.nodes;
        let m = net.to.len();
        let mut start = vec![0usize; n + 1];
        for &f in &net.from {
            start[f as usize + 1] += 1;
        }
        for v in 0..n {
            start[v + 1] += start[v];
        }
        let mut fill = start.clone();
        let mut order = vec![0usize; m];
        for (a, &f) in net.from.iter().enumerate() {
            order[fill[f as usize]] = a;
            fill[f as usize] += 1;
        }
        let scale = n as i64 + 1;
        Solver {
            n,
            start,
            order,
            to: net.to.iter().map(|&t| t as usize).collect(),
            residual: net.capacity.clone(),
            capacity: net.capacity.clone(),
            cost: net.cost.iter().map(|&c| c.saturating_mul(scale)).collect(),
            price: vec![0; n],
            excess: {
                let mut excess = vec![0; n];
                for &(v, amount) in &net.supply {
                    excess[v] += amount;
                }
                excess
            },
            current: vec![0; n],
        }
    }

    fn run(mut self) -> Flow {
        let max_cost = self.cost.iter().map(|c| c.abs()).max().unwrap_or(0);
        // At least one refine pass, even when every cost is 0: supplies are routed there.
        let mut epsilon = max_cost.max(1);
        loop {
            epsilon = (epsilon / ALPHA).max(1);
            self.refine(epsilon);
            if epsilon == 1 {
                break;
            }
        }
        Flow {
            residual: self.residual,
            capacity: self.capacity,
        }
    }

    fn reduced(&self, arc: usize, v: usize) -> i64 {
        self.cost[arc] + self.price[v] - self.price[self.to[arc]]
    }

    /// Turns an ε·α-optimal circulation into an ε-optimal one.
    fn refine(&mut self, epsilon: i64) {
        // Saturate every residual arc of negative reduced cost: the result is a pseudo-flow in
        // which every residual arc has reduced cost ≥ 0 > −ε.
        for v in 0..self.n {
            for k in self.start[v]..self.start[v + 1] {
                let a = self.order[k];
                let r = self.residual[a];
                if r > 0 && self.reduced(a, v) < 0 {
                    let w = self.to[a];
                    self.residual[a] = 0;
                    self.residual[a ^ 1] += r;
                    self.excess[v] -= r;
                    self.excess[w] += r;
                }
            }
        }
        let mut active: Vec<usize> = (0..self.n).filter(|&v| self.excess[v] > 0).collect();
        for v in 0..self.n {
            self.current[v] = self.start[v];
        }
        while let Some(v) = active.pop() {
            self.discharge(v, epsilon, &mut active);
        }
    }

    fn discharge(&mut self, v: usize, epsilon: i64, active: &mut Vec<usize>) {
        while self.excess[v] > 0 {
            if self.current[v] == self.start[v + 1] {
                self.relabel(v, epsilon);
                self.current[v] = self.start[v];
                continue;
            }
            let a = self.order[self.current[v]];
            if self.residual[a] > 0 && self.reduced(a, v) < 0 {
                let w = self.to[a];
                let delta = self.excess[v].min(self.residual[a]);
                self.residual[a] -= delta;
                self.residual[a ^ 1] += delta;
                self.excess[v] -= delta;
                let was_inactive = self.excess[w] <= 0;
                self.excess[w] += delta;
                if was_inactive && self.excess[w] > 0 {
                    active.push(w);
                }
            } else {
                self.current[v] += 1;
            }
        }
    }

    /// Lowers v's price just enough that some residual arc out of v becomes admissible
    /// (reduced cost −ε) while none drops below −ε.
    fn relabel(&mut self, v: usize, epsilon: i64) {
        let mut best: Option<i64> = None;
        for k in self.start[v]..self.start[v + 1] {
            let a = self.order[k];
            if self.residual[a] > 0 {
                let candidate = self.price[self.to[a]] - self.cost[a];
                best = Some(best.map_or(candidate, |b| b.max(candidate)));
            }
        }
        // A node with excess always has a residual arc back along the flow that brought it.
        if let Some(b) = best {
            self.price[v] = b - epsilon;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_heavier_matching() {
        // source 0, sink 1, leads 2..4, reps 4..6; weights: l0-r0 3, l0-r1 2, l1-r0 2, l1-r1 0.
        // Best: l0-r1 + l1-r0 = 4 > l0-r0 alone (3).
        let mut net = Network::new(6);
        net.add_arc(0, 2, 1, 0);
        net.add_arc(0, 3, 1, 0);
        let a00 = net.add_arc(2, 4, 1, -3);
        let a01 = net.add_arc(2, 5, 1, -2);
        let a10 = net.add_arc(3, 4, 1, -2);
        net.add_arc(4, 1, 1, 0);
        net.add_arc(5, 1, 1, 0);
        net.add_arc(1, 0, 2, 0);
        let flow = net.min_cost_circulation();
        assert_eq!(flow.on(a00), 0);
        assert_eq!(flow.on(a01), 1);
        assert_eq!(flow.on(a10), 1);
    }
}
