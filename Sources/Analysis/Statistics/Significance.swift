/// The significance level's one declaration.
public enum Significance {
    /// α of every test, interval (1 − α) and count where neither a config nor `--alpha` sets one.
    public static let defaultAlpha = 0.05
}
