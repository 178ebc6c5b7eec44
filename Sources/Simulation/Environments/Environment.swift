import GSL

/// A recipe for an ecosystem: where users are and where creators start.
public protocol Environment: Sendable {
    associatedtype Relevance: RelevanceFunction

    /// Draws one ecosystem from `stream`.
    func makeEcosystem(stream: RandomStream) -> Ecosystem<Relevance>
}
