// A base URL without its trailing slashes, so paths can be appended. A loop, not /\/+$/: that
// pattern backtracks quadratically on a long run of slashes not at the end.
export function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) === 47) end--;
  return url.slice(0, end);
}
