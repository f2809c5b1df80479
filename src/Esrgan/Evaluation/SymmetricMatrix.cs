namespace Esrgan.Evaluation;

/// <summary>Dense symmetric matrix helpers for NIQE's Mahalanobis-like distance.</summary>
internal static class SymmetricMatrix
{
    /// <summary>
    /// Moore-Penrose pseudo-inverse of a symmetric n x n matrix (row-major) through a cyclic Jacobi
    /// eigen-decomposition; eigenvalues at or below 1e-15 of the largest magnitude are treated as zero, like numpy's pinv.
    /// </summary>
    public static double[] PseudoInverse(double[] matrix, int n)
    {
        var a = (double[])matrix.Clone();
        var v = new double[n * n];
        for (int i = 0; i < n; i++) v[i * n + i] = 1;

        for (int sweep = 0; sweep < 100 && OffDiagonal(a, n) > 1e-30 * Diagonal(a, n); sweep++)
        {
            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    double apq = a[p * n + q];
                    if (apq == 0) continue;
                    double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    Rotate(a, v, n, p, q, c, s);
                }
            }
        }

        double largest = 0;
        for (int i = 0; i < n; i++) largest = Math.Max(largest, Math.Abs(a[i * n + i]));
        var result = new double[n * n];
        for (int k = 0; k < n; k++)
        {
            double lambda = a[k * n + k];
            if (Math.Abs(lambda) <= 1e-15 * largest) continue;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    result[i * n + j] += v[i * n + k] * v[j * n + k] / lambda;
        }
        return result;
    }

    private static void Rotate(double[] a, double[] v, int n, int p, int q, double c, double s)
    {
        for (int k = 0; k < n; k++)
        {
            double akp = a[k * n + p], akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++)
        {
            double apk = a[p * n + k], aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; k++)
        {
            double vkp = v[k * n + p], vkq = v[k * n + q];
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
        }
    }

    private static double OffDiagonal(double[] a, int n)
    {
        double sum = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (i != j) sum += a[i * n + j] * a[i * n + j];
        return sum;
    }

    private static double Diagonal(double[] a, int n)
    {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += a[i * n + i] * a[i * n + i];
        return sum;
    }
}
