// tfjs-core's 64-bit string hash (hash_util.js, and the `long` library it builds constants
// with at load) serves only the StringToHashBucket kernels, which convlens never runs: the
// worker build puts this in its place (build.mjs, noInt64Hash), 9 KB less to fetch and parse.
const absent = () => {
  throw new Error('64-bit string hashing is not part of the convlens worker');
};
export const hexToLong = absent;
export const fingerPrint64 = absent;
