package io.gan4j.sdk.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Fréchet distance between Gaussians fitted to two feature sets, in float64:
 * {@code ‖μ1 − μ2‖² + Tr Σ1 + Tr Σ2 − 2 Tr (Σ1Σ2)^½}, covariances with N − 1. The trace of the
 * square root uses symmetric eigen decompositions: {@code Tr (Σ1Σ2)^½ = Σ √λ(Σ1^½ Σ2 Σ1^½)}, with
 * eigenvalues clamped at 0 (they are ≥ 0 in exact arithmetic).
 *
 * <p>Usage: {@code double fid = Fid.between(realFeatures, fakeFeatures);}
 */
public final class Fid {

  private Fid() {}

  public static double between(double[][] a, double[][] b) {
    Moments.checkSameDimension(a, b);
    checkArgument(a.length >= 2 && b.length >= 2, "FID needs at least 2 samples per set, got %s and %s", a.length, b.length);
    Moments ma = Moments.of(a);
    Moments mb = Moments.of(b);
    double meanTerm = 0;
    for (int i = 0; i < ma.mean().length; i++) {
      double d = ma.mean()[i] - mb.mean()[i];
      meanTerm += d * d;
    }
    RealMatrix s1 = new Array2DRowRealMatrix(ma.covariance(), false);
    RealMatrix s2 = new Array2DRowRealMatrix(mb.covariance(), false);
    RealMatrix root1 = symmetricSqrt(s1);
    RealMatrix inner = root1.multiply(s2).multiply(root1);
    inner = inner.add(inner.transpose()).scalarMultiply(0.5); // exact symmetry for the eigen solver
    double traceSqrt = 0;
    for (double lambda : new EigenDecomposition(inner).getRealEigenvalues()) {
      traceSqrt += Math.sqrt(Math.max(lambda, 0));
    }
    return meanTerm + s1.getTrace() + s2.getTrace() - 2 * traceSqrt;
  }

  static RealMatrix symmetricSqrt(RealMatrix s) {
    EigenDecomposition eig = new EigenDecomposition(s);
    double[] values = eig.getRealEigenvalues();
    RealMatrix v = eig.getV();
    int n = values.length;
    double[][] scaled = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        scaled[i][j] = v.getEntry(i, j) * Math.sqrt(Math.max(values[j], 0));
      }
    }
    return new Array2DRowRealMatrix(scaled, false).multiply(v.transpose());
  }
}
