import GSL

/// How much a trial's group weights followed need (issue 17): read off `weights.csv` alone, so a
/// run folder's report shows it again when it is re-rendered.
///
/// - `signalToNoise`: over the treatment arm's trial days, Σ estimate² / Σ sampling variance across
///   its groups (replicate 0) — the signal's between-group spread against its noise. Near 1, the
///   groups' estimates differ by sampling noise alone and a weight that moves is drifting; well
///   above 1, there is something between groups to follow.
/// - `needSpearman`: Spearman's ρ between the treatment arm's final weights and the same groups'
///   true under-service in the control arm at the end (1 − their expected like rate over the arm's,
///   from true relevance, which no platform sees). Positive: the weights went where the need was.
/// - `gapSpearman`: ρ between the same final weights and the groups' relevance gap in the control
///   arm (the best true relevance their days' sources held minus what they were shown): a need the
///   signal never reads, so unlike `needSpearman` it does not check an estimator against its own mean.
/// - `sizeSpearman`: ρ between the final weights and the groups' sizes — drift's fingerprint.
package struct WeightFollow: Sendable, Equatable {
    package var groups: Int
    package var signalToNoise: Double?
    package var needSpearman: Double?
    package var gapSpearman: Double?
    package var sizeSpearman: Double?

    /// nil when the treatment arm has no weight rows.
    package init?(_ rows: [WeightRow], control: String, treatment: String) {
        let treated = rows.filter { $0.replicate == 0 && $0.arm == treatment }
        guard let last = treated.map(\.day).max() else { return nil }
        let final = treated.filter { $0.day == last }.sorted { $0.group < $1.group }
        groups = final.count
        var squares = 0.0, noise = 0.0
        for row in treated where row.variance > 0 {
            squares += row.estimate * row.estimate
            noise += row.variance
        }
        signalToNoise = noise > 0 ? squares / noise : nil
        let controlLast = rows.filter { $0.replicate == 0 && $0.arm == control }.map(\.day).max()
        var need = [Int: Double](), gap = [Int: Double]()
        for row in rows where row.replicate == 0 && row.arm == control && row.day == controlLast {
            need[row.group] = row.underService
            gap[row.group] = row.relevanceGap
        }
        func rho(_ measure: [Int: Double]) -> Double? {
            let paired = final.compactMap { row in measure[row.group].map { (row.weight, $0) } }
            return paired.count >= 3 ? Descriptive.spearman(paired.map(\.0), paired.map(\.1)) : nil
        }
        needSpearman = rho(need)
        gapSpearman = rho(gap)
        sizeSpearman = final.count >= 3 ? Descriptive.spearman(final.map { Double($0.users) }, final.map(\.weight)) : nil
    }
}
