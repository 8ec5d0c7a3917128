/**
 * Minimal typings for the parts of npm `jstat` 1.9.6 used by app/stats
 * (there is no @types/jstat package). jstat is a CommonJS/UMD bundle: in ESM
 * its `module.exports` (the callable jStat object) is the default import.
 */
declare module 'jstat' {
  interface JStatNormal {
    pdf(x: number, mean: number, std: number): number
    cdf(x: number, mean: number, std: number): number
    inv(p: number, mean: number, std: number): number
  }

  interface JStatStudentT {
    pdf(x: number, dof: number): number
    cdf(x: number, dof: number): number
    inv(p: number, dof: number): number
  }

  interface JStatBeta {
    pdf(x: number, alpha: number, beta: number): number
    cdf(x: number, alpha: number, beta: number): number
    inv(p: number, alpha: number, beta: number): number
  }

  interface JStatChiSquare {
    pdf(x: number, dof: number): number
    cdf(x: number, dof: number): number
    inv(p: number, dof: number): number
  }

  interface JStatStatic {
    normal: JStatNormal
    studentt: JStatStudentT
    beta: JStatBeta
    chisquare: JStatChiSquare
    gammaln(x: number): number
    betaln(a: number, b: number): number
    ibeta(x: number, a: number, b: number): number
    ibetainv(p: number, a: number, b: number): number
    erf(x: number): number
    erfc(x: number): number
    jStat: JStatStatic
  }

  const jStat: JStatStatic
  export default jStat
}
