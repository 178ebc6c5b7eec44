import GSL

/// Which arm each unit of a shared market belongs to (docs/MODEL.md §7, the shared-market designs).
///
/// Arm 0 is the control (the config's first arm), arm 1 the treatment; ``outside`` marks a unit
/// outside the experiment (served by production, recorded in neither arm) or, for the side a design
/// does not randomise, a unit that serves both arms.
///
/// Units are assigned by complete randomisation: exactly ⌊f·N⌉ units per arm, drawn by one
/// shuffle. A Bernoulli draw would leave the arms' creator counts unequal by about √(f·C), and in
/// the creator-side design that imbalance goes straight into every per-user count (a user's
/// impressions from arm a grow with arm a's creators): at f = 1 % of 2 000 creators it alone
/// would move the estimate by ±20 %.
public struct SharedAssignment: Sendable, Equatable {
    public static let outside: Int8 = -1

    public let design: TrialDesign
    /// Per user: 0, 1 or ``outside``.
    public let user: [Int8]
    /// Per creator: 0, 1 or ``outside``.
    public let creator: [Int8]

    public init(design: TrialDesign, users: Int, creators: Int, userFraction: Double, creatorFraction: Double, stream: RandomStream) {
        precondition(design.isShared, "a shared assignment needs a shared-market design")
        self.design = design
        func draw(_ n: Int, _ fraction: Double, randomised: Bool) -> [Int8] {
            var arm = [Int8](repeating: Self.outside, count: n)
            guard randomised else { return arm }
            var order = Array(0..<n)
            stream.shuffle(&order)
            let per = Swift.min(n / 2, Int((fraction * Double(n)).rounded()))
            for t in 0..<per { arm[order[t]] = 1; arm[order[per + t]] = 0 }
            return arm
        }
        user = draw(users, userFraction, randomised: design != .creator)
        creator = draw(creators, creatorFraction, randomised: design != .user)
    }

    /// Whether an impression of creator `i`'s item shown to user `j` runs under the treatment.
    @inline(__always)
    public func treated(user j: Int, creator i: Int) -> Bool {
        switch design {
        case .user: user[j] == 1
        case .creator: creator[i] == 1
        default: user[j] == 1 && creator[i] == 1
        }
    }

    /// Whether user `j`'s feed mixes rules (its items' arms depend on their creators).
    @inline(__always)
    public func mixes(user j: Int) -> Bool {
        switch design {
        case .user: false
        case .creator: true
        default: user[j] == 1
        }
    }

    /// The arm an impression of creator `i`'s item to user `j` is recorded in, or ``outside``:
    /// user-side by the user's arm, creator-side by the creator's, two-sided only in the cells
    /// where both sides share an arm (treated × treated against control × control, the TSR
    /// naive estimator's cells).
    @inline(__always)
    public func cell(user j: Int, creator i: Int) -> Int8 {
        switch design {
        case .user: user[j]
        case .creator: creator[i]
        default: user[j] == creator[i] ? user[j] : Self.outside
        }
    }

    /// Whether arm `a`'s tables hold user `j` (creator-side: every user is in both).
    public func holds(user j: Int, arm a: Int) -> Bool { design == .creator || Int(user[j]) == a }

    /// Whether arm `a`'s tables hold creator `i` (user-side: every creator is in both).
    public func holds(creator i: Int, arm a: Int) -> Bool { design == .user || Int(creator[i]) == a }

    /// Units per arm, as the sample-ratio check sees them.
    public func counts() -> (users: [Int], creators: [Int]) {
        let u = (0..<2).map { a in user.indices.filter { holds(user: $0, arm: a) }.count }
        let c = (0..<2).map { a in creator.indices.filter { holds(creator: $0, arm: a) }.count }
        return (u, c)
    }
}
