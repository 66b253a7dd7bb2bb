package dev.driftline.apps.stats;

/** Distances between two distributions over the same bins (spec §3). */
public final class Distances {
    /** MLRun replaces a zero in the second argument of KL by this floor. */
    public static final double KL_ZERO_FLOOR = 1e-4;

    private Distances() {}

    /** Total variation distance: ½ Σ |t − u|, in [0, 1]. */
    public static double tvd(double[] t, double[] u) {
        check(t, u);
        double sum = 0;
        for (int i = 0; i < t.length; i++) {
            sum += Math.abs(t[i] - u[i]);
        }
        return sum / 2;
    }

    /** Hellinger distance: √(1 − Σ √(t·u)), the inner term clamped at 0; in [0, 1]. */
    public static double hellinger(double[] t, double[] u) {
        check(t, u);
        double bc = 0;
        for (int i = 0; i < t.length; i++) {
            bc += Math.sqrt(t[i] * u[i]);
        }
        return Math.sqrt(Math.max(1 - bc, 0));
    }

    /** Symmetric Kullback–Leibler divergence KL(t‖u) + KL(u‖t), natural log, MLRun's zero handling. */
    public static double kld(double[] t, double[] u) {
        check(t, u);
        return kl(t, u) + kl(u, t);
    }

    private static double kl(double[] p, double[] q) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) {
                continue;
            }
            double qi = q[i] == 0 ? KL_ZERO_FLOOR : q[i];
            sum += p[i] * Math.log(p[i] / qi);
        }
        return sum;
    }

    /** Counts divided by their sum; null when the sum is 0. */
    public static double[] normalise(double[] counts) {
        double total = 0;
        for (double c : counts) {
            total += c;
        }
        if (total <= 0) {
            return null;
        }
        double[] out = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i] / total;
        }
        return out;
    }

    private static void check(double[] t, double[] u) {
        if (t.length != u.length) {
            throw new IllegalArgumentException("distributions have " + t.length + " and " + u.length + " bins");
        }
    }
}
