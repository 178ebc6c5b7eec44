import Foundation

/// One two-sided randomised (TSR) market's outcome split into its four cells, and the estimators of
/// Johari, Li, Liskovich & Weintraub (2022, "Experimental design in two-sided platforms: an
/// analysis of bias", *Management Science*) that read them.
///
/// Users are assigned to control or treatment with treated share a_U, creators with treated share
/// a_C; the treatment applies only where a treated user meets a treated creator. A cell (x, y) holds
/// the total outcome (impressions, likes, …) of users in x with creators in y over the market. Its
/// *scaled* value ŷ_xy = Y_xy / (s_x · r_y), s and r the cell's user and creator shares, estimates
/// the market-wide total if every unit were in that cell's conditions.
///
/// - *Naive*: ŷ_tt against the three other cells pooled, Y_tt/(a_U·a_C) − (Y_cc + Y_ct + Y_tc)/(1 − a_U·a_C).
/// - *User-side* contrast ŷ_tt − ŷ_ct (treated creators, users treated or not): what a user-side
///   test inside the TSR market sees; *creator-side* ŷ_tt − ŷ_tc likewise.
/// - *Interpolating* TSRI-k: β·(user-side) + (1 − β)·(creator-side) − k·β(1 − β)·(2ŷ_cc − ŷ_ct − ŷ_tc).
///   The last term is the paper's estimate of the competition on both sides (ŷ_cc − ŷ_ct on the
///   users' side, ŷ_cc − ŷ_tc on the creators'), subtracted k times, weighted to vanish at either
///   extreme. β weights the user side: the paper sets β = exp(−λ/τ), λ/τ the market's demand
///   relative to its supply (``weight(demandToSupply:)``), so a market short of demand (small λ/τ,
///   where supply competes for users) leans on the user-side contrast.
///
/// Checked against a numpy reference written from these definitions (`Tests/AnalysisTests/reference_tsri.py`).
public struct TwoSidedCells: Sendable, Equatable, Codable {
    /// Totals per cell: control users × control creators, control × treated, treated × control, treated × treated.
    public var controlControl: Double
    public var controlTreated: Double
    public var treatedControl: Double
    public var treatedTreated: Double
    /// One side's shares of the platform in each arm.
    public struct Shares: Sendable, Equatable, Codable {
        public var control: Double
        public var treated: Double
    }

    /// The shares of the platform's users and creators in each arm. In the paper every unit is in
    /// one arm (shares 1 − a and a); a market whose other units serve under the control without
    /// being recorded gives each arm its own share.
    public var userShares: Shares
    public var creatorShares: Shares

    public init(controlControl: Double, controlTreated: Double, treatedControl: Double, treatedTreated: Double,
                userShares: (control: Double, treated: Double), creatorShares: (control: Double, treated: Double)) {
        precondition([userShares.control, userShares.treated, creatorShares.control, creatorShares.treated].allSatisfy { $0 > 0 && $0 <= 1 },
                     "every share must be in (0, 1]")
        self.controlControl = controlControl
        self.controlTreated = controlTreated
        self.treatedControl = treatedControl
        self.treatedTreated = treatedTreated
        self.userShares = Shares(control: userShares.control, treated: userShares.treated)
        self.creatorShares = Shares(control: creatorShares.control, treated: creatorShares.treated)
    }

    /// The paper's setting: every user and creator in one arm, treated shares `users` and `creators`.
    public init(controlControl: Double, controlTreated: Double, treatedControl: Double, treatedTreated: Double,
                treatedUserShare users: Double, treatedCreatorShare creators: Double) {
        self.init(controlControl: controlControl, controlTreated: controlTreated, treatedControl: treatedControl,
                  treatedTreated: treatedTreated, userShares: (1 - users, users), creatorShares: (1 - creators, creators))
    }

    /// ŷ_cc, ŷ_ct, ŷ_tc, ŷ_tt: each cell's total over its user and creator shares.
    public var scaled: (cc: Double, ct: Double, tc: Double, tt: Double) {
        (controlControl / (userShares.control * creatorShares.control),
         controlTreated / (userShares.control * creatorShares.treated),
         treatedControl / (userShares.treated * creatorShares.control),
         treatedTreated / (userShares.treated * creatorShares.treated))
    }

    /// The three non-treated cells pooled over their combined share: TSR-naive's control level.
    public var pooledControlLevel: Double {
        let rest = (userShares.control + userShares.treated) * (creatorShares.control + creatorShares.treated)
            - userShares.treated * creatorShares.treated
        return (controlControl + controlTreated + treatedControl) / rest
    }

    /// TSR-naive: the treated cell against the three others pooled over their combined share.
    public var naive: Double { scaled.tt - pooledControlLevel }

    /// ŷ_tt − ŷ_ct: the user-side contrast among treated creators.
    public var userSide: Double { let y = scaled; return y.tt - y.ct }

    /// ŷ_tt − ŷ_tc: the creator-side contrast among treated users.
    public var creatorSide: Double { let y = scaled; return y.tt - y.tc }

    /// 2ŷ_cc − ŷ_ct − ŷ_tc: the competition on both sides the interpolating estimators subtract.
    public var competition: Double { let y = scaled; return 2 * y.cc - y.ct - y.tc }

    /// TSRI-k with user-side weight `beta` in [0, 1]: k = 1 and k = 2 are the paper's TSRI-1 and TSRI-2.
    public func interpolated(k: Double, beta: Double) -> Double {
        precondition(beta >= 0 && beta <= 1, "the user-side weight β must be in [0, 1]")
        return beta * userSide + (1 - beta) * creatorSide - k * beta * (1 - beta) * competition
    }

    /// The paper's user-side weight β = exp(−λ/τ) for a market whose demand is `ratio` = λ/τ times its supply.
    public static func weight(demandToSupply ratio: Double) -> Double {
        precondition(ratio >= 0, "demand relative to supply must be ≥ 0")
        return exp(-ratio)
    }
}
