#include "cscoring.h"

#include <immintrin.h>

int cscoring_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") ? 1 : 0;
}

long cscoring_packed_count(long n, int d) { return (n + 31) / 32 * 32 * (long)d; }

void cscoring_pack(const float *rows, long n, int d, float *out) {
    long groups = (n + 31) / 32;
    for (long g = 0; g < groups; g++)
        for (int k = 0; k < d; k++)
            for (int lane = 0; lane < 32; lane++) {
                long r = g * 32 + lane;
                out[(g * d + k) * 32 + lane] = r < n ? rows[r * d + k] : 0.0f;
            }
}

/* User (u + U)'s kept rows of the current group: the lanes of (LO, HI) at or above her floor that
 * are valid rows and live (`keep`, one bit per lane), and the valid rows that are not live (`dead`,
 * zero unless dead floors are given) at or above her dead floor. With room for a whole group left, the kept
 * lanes' products and row numbers are compressed in registers and stored as whole vectors (the
 * count then moves by how many were kept; a compress straight to memory is slow); otherwise one
 * lane at a time. Either way the same rows in the same order. */
#define TWINARM_EMIT(U, LO, HI)                                                                          \
    do {                                                                                                 \
        if ((U) < real) {                                                                                \
            __m512 floor_ = _mm512_set1_ps(floor[U]);                                                    \
            uint32_t mask_ = ((uint32_t)_mm512_cmp_ps_mask(LO, floor_, _CMP_GE_OQ) |                     \
                              ((uint32_t)_mm512_cmp_ps_mask(HI, floor_, _CMP_GE_OQ) << 16)) & keep;       \
            if (dead) {                                                                                  \
                __m512 dead_ = _mm512_set1_ps(dead_floor[U]);                                            \
                mask_ |= ((uint32_t)_mm512_cmp_ps_mask(LO, dead_, _CMP_GE_OQ) |                          \
                          ((uint32_t)_mm512_cmp_ps_mask(HI, dead_, _CMP_GE_OQ) << 16)) & dead;            \
            }                                                                                            \
            if (mask_) {                                                                                 \
                long at_ = (u + (U)) * room;                                                             \
                int32_t c_ = counts[u + (U)];                                                            \
                if (c_ + 32 <= room) {                                                                   \
                    __mmask16 mlo_ = (__mmask16)(mask_ & 0xFFFFu), mhi_ = (__mmask16)(mask_ >> 16);      \
                    _mm512_storeu_ps(values_out + at_ + c_, _mm512_maskz_compress_ps(mlo_, LO));          \
                    _mm512_storeu_si512(rows_out + at_ + c_, _mm512_maskz_compress_epi32(mlo_, index_lo));\
                    c_ += __builtin_popcount(mlo_);                                                      \
                    _mm512_storeu_ps(values_out + at_ + c_, _mm512_maskz_compress_ps(mhi_, HI));          \
                    _mm512_storeu_si512(rows_out + at_ + c_, _mm512_maskz_compress_epi32(mhi_, index_hi));\
                    c_ += __builtin_popcount(mhi_);                                                      \
                } else {                                                                                 \
                    float value_[32];                                                                    \
                    _mm512_storeu_ps(value_, LO);                                                        \
                    _mm512_storeu_ps(value_ + 16, HI);                                                   \
                    while (mask_) {                                                                      \
                        int lane_ = __builtin_ctz(mask_);                                                \
                        mask_ &= mask_ - 1;                                                              \
                        rows_out[at_ + c_] = (int32_t)(base + lane_);                                    \
                        values_out[at_ + c_] = value_[lane_];                                            \
                        c_++;                                                                            \
                    }                                                                                    \
                }                                                                                        \
                counts[u + (U)] = c_;                                                                    \
            }                                                                                            \
        }                                                                                                \
    } while (0)

#define TWINARM_STEP(U) \
    v = _mm512_set1_ps(x[(U) * d + k]); \
    l##U = _mm512_fmadd_ps(lo, v, l##U); \
    h##U = _mm512_fmadd_ps(hi, v, h##U)

/* Declares l0…l7 and h0…h7 and sums into them the products of eight users (rows of X) with the
 * packed group at P: l and h hold the group's rows 0–15 and 16–31 for each user. */
#define TWINARM_ACCUMULATE8(P, D, X)                                                                     \
    __m512 l0 = _mm512_setzero_ps(), l1 = l0, l2 = l0, l3 = l0, l4 = l0, l5 = l0, l6 = l0, l7 = l0;      \
    __m512 h0 = l0, h1 = l0, h2 = l0, h3 = l0, h4 = l0, h5 = l0, h6 = l0, h7 = l0;                       \
    do {                                                                                                 \
        const float *p8_ = (P), *x8_ = (X);                                                              \
        int d8_ = (D);                                                                                   \
        {                                                                                                \
            const float *x = x8_;                                                                        \
            int d = d8_;                                                                                 \
            for (int k = 0; k < d; k++) {                                                                \
                __m512 lo = _mm512_loadu_ps(p8_ + k * 32), hi = _mm512_loadu_ps(p8_ + k * 32 + 16), v;   \
                TWINARM_STEP(0); TWINARM_STEP(1); TWINARM_STEP(2); TWINARM_STEP(3);                      \
                TWINARM_STEP(4); TWINARM_STEP(5); TWINARM_STEP(6); TWINARM_STEP(7);                      \
            }                                                                                            \
        }                                                                                                \
    } while (0)

/* One user's (taste X) products with the packed group at P, summed into LO (rows 0–15) and HI. */
#define TWINARM_ACCUMULATE1(P, D, X, LO, HI)                                                             \
    do {                                                                                                 \
        const float *p1_ = (P), *x1_ = (X);                                                              \
        for (int k = 0; k < (D); k++) {                                                                  \
            __m512 v = _mm512_set1_ps(x1_[k]);                                                           \
            LO = _mm512_fmadd_ps(_mm512_loadu_ps(p1_ + k * 32), v, LO);                                  \
            HI = _mm512_fmadd_ps(_mm512_loadu_ps(p1_ + k * 32 + 16), v, HI);                             \
        }                                                                                                \
    } while (0)

/* Eight users (rows of x, floors in floor; the first `real` of them are kept for) against one
 * group of 32 packed rows: sixteen accumulators, the group read once per eight users. */
__attribute__((target("avx512f,fma"), always_inline))
static inline void twinarm_group8(const float *p, int d, const float *x, const float *floor, const float *dead_floor, long real,
                                  long u, long base, uint32_t keep, uint32_t dead, __m512i index_lo, __m512i index_hi,
                                  int32_t *counts, long room, int32_t *rows_out, float *values_out) {
    TWINARM_ACCUMULATE8(p, d, x);
    TWINARM_EMIT(0, l0, h0); TWINARM_EMIT(1, l1, h1); TWINARM_EMIT(2, l2, h2); TWINARM_EMIT(3, l3, h3);
    TWINARM_EMIT(4, l4, h4); TWINARM_EMIT(5, l5, h5); TWINARM_EMIT(6, l6, h6); TWINARM_EMIT(7, l7, h7);
}

/* The padded last users' floors: the floors (and dead floors) of users full … full + rest − 1,
 * zero for the padding (never kept: their tastes are zero). */
static inline void twinarm_tail_floors(const float *floors, const float *dead_floors, long full, long rest, float *tailFloor,
                                       float *tailDead) {
    for (long i = 0; i < 8; i++) tailFloor[i] = i < rest ? floors[full + i] : 0.0f;
    for (long i = 0; i < 8; i++) tailDead[i] = i < rest && dead_floors ? dead_floors[full + i] : 0.0f;
}

/* The group at `base`'s lanes: `keep`, the valid rows that are live (all valid rows without
 * `live`); `dead`, the valid rows that are not live (only with both `live` and dead floors). */
static inline void twinarm_group_lanes(const uint8_t *live, const float *dead_floors, long base, long end, uint32_t *keep,
                                       uint32_t *dead) {
    long lanes = end - base >= 32 ? 32 : end - base;
    *keep = lanes == 32 ? 0xFFFFFFFFu : ((1u << lanes) - 1u);
    *dead = 0;
    if (live) {
        uint32_t alive = 0;
        for (long lane = 0; lane < lanes; lane++) alive |= (uint32_t)(live[base + lane] != 0) << lane;
        if (dead_floors) *dead = *keep & ~alive;
        *keep &= alive;
    }
}

/* Users in eights; the last fewer than eight are padded (zero tastes, never kept) to a full eight,
 * so a short block runs at the speed of a full one. */
__attribute__((target("avx512f,fma")))
void cscoring_filter(const float *packed, int d, long first, long count, const float *users, long b, const float *floors,
                     const uint8_t *live, const float *dead_floors, int32_t *counts, long room, int32_t *rows_out, float *values_out) {
    long end = first + count, full = b / 8 * 8, rest = b - full;
    float tail[8 * 64], tailFloor[8], tailDead[8];
    int padded = rest > 0 && d <= 64;
    if (padded) {
        for (long i = 0; i < 8 * (long)d; i++) tail[i] = i < rest * d ? users[full * d + i] : 0.0f;
        twinarm_tail_floors(floors, dead_floors, full, rest, tailFloor, tailDead);
    }
    const __m512i iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    for (long base = first; base < end; base += 32) {
        const float *p = packed + (base / 32) * (long)d * 32;
        uint32_t keep, dead;
        twinarm_group_lanes(live, dead_floors, base, end, &keep, &dead);
        __m512i index_lo = _mm512_add_epi32(_mm512_set1_epi32((int32_t)base), iota);
        __m512i index_hi = _mm512_add_epi32(index_lo, _mm512_set1_epi32(16));
        for (long u = 0; u < full; u += 8)
            twinarm_group8(p, d, users + u * d, floors + u, dead_floors ? dead_floors + u : 0, 8, u, base, keep, dead, index_lo, index_hi,
                           counts, room, rows_out, values_out);
        if (padded) {
            twinarm_group8(p, d, tail, tailFloor, tailDead, rest, full, base, keep, dead, index_lo, index_hi, counts, room, rows_out,
                           values_out);
        } else {
            for (long u = full; u < b; u++) {
                /* d > 64: one user at a time, the group's 32 rows in two vectors. */
                __m512 lo_ = _mm512_setzero_ps(), hi_ = lo_;
                TWINARM_ACCUMULATE1(p, d, users + u * d, lo_, hi_);
                long real = 1;
                const float *floor = floors + u, *dead_floor = dead_floors ? dead_floors + u : 0;
                TWINARM_EMIT(0, lo_, hi_);
            }
        }
    }
}

/* The products of users u < b with packed rows r < count, written to out[u·count + r]: eight users
 * × 32 rows per step as in cscoring_filter (the last fewer than eight padded), stored masked. */
#define TWINARM_STORE(U, LO, HI)                                                                \
    do {                                                                                        \
        if ((U) < real) {                                                                       \
            _mm512_mask_storeu_ps(out + (u + (U)) * count + base, mlo, LO);                     \
            _mm512_mask_storeu_ps(out + (u + (U)) * count + base + 16, mhi, HI);                \
        }                                                                                       \
    } while (0)

/* One user's products with rows [base, base + 128): four row groups at once, eight accumulators. */
__attribute__((target("avx512f,fma"), always_inline))
static inline void twinarm_single(const float *packed, int d, long count, const float *x, float *out) {
    long base = 0;
    for (; base + 128 <= count; base += 128) {
        const float *p = packed + (base / 32) * (long)d * 32;
        long stride = (long)d * 32;
        __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int k = 0; k < d; k++) {
            __m512 v = _mm512_set1_ps(x[k]);
            a0 = _mm512_fmadd_ps(_mm512_loadu_ps(p + k * 32), v, a0);
            a1 = _mm512_fmadd_ps(_mm512_loadu_ps(p + k * 32 + 16), v, a1);
            a2 = _mm512_fmadd_ps(_mm512_loadu_ps(p + stride + k * 32), v, a2);
            a3 = _mm512_fmadd_ps(_mm512_loadu_ps(p + stride + k * 32 + 16), v, a3);
            a4 = _mm512_fmadd_ps(_mm512_loadu_ps(p + 2 * stride + k * 32), v, a4);
            a5 = _mm512_fmadd_ps(_mm512_loadu_ps(p + 2 * stride + k * 32 + 16), v, a5);
            a6 = _mm512_fmadd_ps(_mm512_loadu_ps(p + 3 * stride + k * 32), v, a6);
            a7 = _mm512_fmadd_ps(_mm512_loadu_ps(p + 3 * stride + k * 32 + 16), v, a7);
        }
        _mm512_storeu_ps(out + base, a0); _mm512_storeu_ps(out + base + 16, a1);
        _mm512_storeu_ps(out + base + 32, a2); _mm512_storeu_ps(out + base + 48, a3);
        _mm512_storeu_ps(out + base + 64, a4); _mm512_storeu_ps(out + base + 80, a5);
        _mm512_storeu_ps(out + base + 96, a6); _mm512_storeu_ps(out + base + 112, a7);
    }
    for (; base < count; base += 32) {
        const float *p = packed + (base / 32) * (long)d * 32;
        long left = count - base;
        __mmask16 mlo = left >= 16 ? 0xFFFF : (__mmask16)((1u << left) - 1u);
        __mmask16 mhi = left >= 32 ? 0xFFFF : left <= 16 ? 0 : (__mmask16)((1u << (left - 16)) - 1u);
        __m512 lo_ = _mm512_setzero_ps(), hi_ = lo_;
        TWINARM_ACCUMULATE1(p, d, x, lo_, hi_);
        _mm512_mask_storeu_ps(out + base, mlo, lo_);
        _mm512_mask_storeu_ps(out + base + 16, mhi, hi_);
    }
}

__attribute__((target("avx512f,fma")))
void cscoring_products(const float *packed, int d, long count, const float *users, long b, float *out) {
    if (b < 8 || d > 64) {
        /* Too few users to fill eight (or too long a taste to pad): one user at a time. */
        for (long u = 0; u < b; u++) twinarm_single(packed, d, count, users + u * d, out + u * count);
        return;
    }
    long full = b / 8 * 8, rest = b - full;
    float tail[8 * 64];
    for (long i = 0; i < 8 * (long)d; i++) tail[i] = i < rest * d ? users[full * d + i] : 0.0f;
    for (long base = 0; base < count; base += 32) {
        const float *p = packed + (base / 32) * (long)d * 32;
        long left = count - base;
        __mmask16 mlo = left >= 16 ? 0xFFFF : (__mmask16)((1u << left) - 1u);
        __mmask16 mhi = left >= 32 ? 0xFFFF : left <= 16 ? 0 : (__mmask16)((1u << (left - 16)) - 1u);
        for (long u = 0; u < full + (rest > 0 ? 8 : 0); u += 8) {
            const float *x = u < full ? users + u * d : tail;
            long real = u < full ? 8 : rest;
            TWINARM_ACCUMULATE8(p, d, x);
            TWINARM_STORE(0, l0, h0); TWINARM_STORE(1, l1, h1); TWINARM_STORE(2, l2, h2); TWINARM_STORE(3, l3, h3);
            TWINARM_STORE(4, l4, h4); TWINARM_STORE(5, l5, h5); TWINARM_STORE(6, l6, h6); TWINARM_STORE(7, l7, h7);
        }
    }
}

/* Quickselect whose partition is AVX-512 compresses: per round, 16 values at a time are compressed
 * in registers into those above the pivot and those below it, each stored whole to the end of its
 * own output buffer (the cursor then moves by the count; a memory-destination compress is slow);
 * values equal to the pivot are only counted. The round's side holding the rank is the next
 * input. Below 32 values, insertion. */
__attribute__((target("avx512f")))
float cscoring_largest(float *v, long n, long r, float *scratch) {
    float *buffer[3] = {scratch, scratch + (n + 16), scratch + 2 * (n + 16)};
    float *a = v;
    int in = -1;
    while (n > 32) {
        float x = a[0], y = a[n / 2], z = a[n - 1];
        float pivot = x > y ? (y > z ? y : (x > z ? z : x)) : (x > z ? x : (y > z ? z : y));
        __m512 p = _mm512_set1_ps(pivot);
        /* The two buffers the input is not in. */
        int o1 = in == 0 ? 1 : 0, o2 = (in == 2 || in < 0) ? 1 : 2;
        float *g = buffer[o1], *l = buffer[o2];
        long above = 0, below = 0, i = 0;
        for (; i + 16 <= n; i += 16) {
            __m512 w = _mm512_loadu_ps(a + i);
            __mmask16 gt = _mm512_cmp_ps_mask(w, p, _CMP_GT_OQ), lt = _mm512_cmp_ps_mask(w, p, _CMP_LT_OQ);
            _mm512_storeu_ps(g + above, _mm512_maskz_compress_ps(gt, w));
            above += __builtin_popcount(gt);
            _mm512_storeu_ps(l + below, _mm512_maskz_compress_ps(lt, w));
            below += __builtin_popcount(lt);
        }
        for (; i < n; i++) {
            if (a[i] > pivot) g[above++] = a[i];
            else if (a[i] < pivot) l[below++] = a[i];
        }
        long equal = n - above - below;
        if (r < above) {
            a = g; in = o1; n = above;
        } else if (r < above + equal) {
            return pivot;
        } else {
            r -= above + equal;
            a = l; in = o2; n = below;
        }
    }
    /* At most 32 left: the value whose count of larger values is at most r and whose count of
     * values at least as large exceeds r, compared sixteen at a time (no sort, no branch per pair). */
    __mmask16 m0 = n >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << n) - 1u);
    __mmask16 m1 = n <= 16 ? 0 : n >= 32 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - 16)) - 1u);
    __m512 lo = _mm512_maskz_loadu_ps(m0, a), hi = _mm512_maskz_loadu_ps(m1, a + 16);
    for (long i = 0; i < n; i++) {
        __m512 x = _mm512_set1_ps(a[i]);
        int above = __builtin_popcount(_mm512_mask_cmp_ps_mask(m0, lo, x, _CMP_GT_OQ))
            + __builtin_popcount(_mm512_mask_cmp_ps_mask(m1, hi, x, _CMP_GT_OQ));
        if (above > r) continue;
        int atLeast = __builtin_popcount(_mm512_mask_cmp_ps_mask(m0, lo, x, _CMP_GE_OQ))
            + __builtin_popcount(_mm512_mask_cmp_ps_mask(m1, hi, x, _CMP_GE_OQ));
        if (atLeast > r) return a[i];
    }
    return a[0]; /* not reached for 0 <= r < n */
}

/* ---- The bfloat16 form (cscoring.h) ---- */

int cscoring_bf16_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bf16") ? 1 : 0;
}

long cscoring_packed_bf16_count(long n, int d) { return (n + 31) / 32 * 32 * (long)((d + 1) / 2); }

/* Round to nearest bfloat16, ties to even (the inputs are finite); subnormals become zero, as the
 * kernel's instruction would read them, so that the packed value is the one multiplied. */
static inline uint32_t twinarm_bf16(float f) {
    uint32_t bits;
    __builtin_memcpy(&bits, &f, sizeof bits);
    if ((bits & 0x7F800000u) == 0) return 0u;
    bits += 0x7FFFu + ((bits >> 16) & 1u);
    return bits >> 16;
}

static inline uint32_t twinarm_pair(const float *row, int d, int p) {
    uint32_t lo = twinarm_bf16(row[2 * p]), hi = 2 * p + 1 < d ? twinarm_bf16(row[2 * p + 1]) : 0u;
    return lo | (hi << 16);
}

void cscoring_pack_bf16(const float *rows, long n, int d, uint32_t *out) {
    long groups = (n + 31) / 32;
    int pairs = (d + 1) / 2;
    for (long g = 0; g < groups; g++)
        for (int p = 0; p < pairs; p++)
            for (int lane = 0; lane < 32; lane++) {
                long r = g * 32 + lane;
                out[(g * pairs + p) * 32 + lane] = r < n ? twinarm_pair(rows + r * d, d, p) : 0u;
            }
}

void cscoring_tastes_bf16(const float *users, long b, int d, uint32_t *out) {
    int pairs = (d + 1) / 2;
    for (long u = 0; u < b; u++)
        for (int p = 0; p < pairs; p++) out[u * pairs + p] = twinarm_pair(users + u * d, d, p);
}

#define TWINARM_BSTEP(U) \
    v = (__m512bh)_mm512_set1_epi32((int)x[(U) * pairs + k]); \
    l##U = _mm512_dpbf16_ps(l##U, lo, v); \
    h##U = _mm512_dpbf16_ps(h##U, hi, v)

/* Eight users (P words each at x) against one group of 32 packed bfloat16 rows: as twinarm_group8,
 * a dimension pair per step. */
__attribute__((target("avx512f,avx512bf16"), always_inline))
static inline void twinarm_group8_bf16(const uint32_t *p8, int pairs, const uint32_t *x, const float *floor, const float *dead_floor,
                                       long real, long u, long base, uint32_t keep, uint32_t dead, __m512i index_lo, __m512i index_hi,
                                       int32_t *counts, long room, int32_t *rows_out, float *values_out) {
    __m512 l0 = _mm512_setzero_ps(), l1 = l0, l2 = l0, l3 = l0, l4 = l0, l5 = l0, l6 = l0, l7 = l0;
    __m512 h0 = l0, h1 = l0, h2 = l0, h3 = l0, h4 = l0, h5 = l0, h6 = l0, h7 = l0;
    for (int k = 0; k < pairs; k++) {
        __m512bh lo = (__m512bh)_mm512_loadu_si512(p8 + k * 32), hi = (__m512bh)_mm512_loadu_si512(p8 + k * 32 + 16), v;
        TWINARM_BSTEP(0); TWINARM_BSTEP(1); TWINARM_BSTEP(2); TWINARM_BSTEP(3);
        TWINARM_BSTEP(4); TWINARM_BSTEP(5); TWINARM_BSTEP(6); TWINARM_BSTEP(7);
    }
    TWINARM_EMIT(0, l0, h0); TWINARM_EMIT(1, l1, h1); TWINARM_EMIT(2, l2, h2); TWINARM_EMIT(3, l3, h3);
    TWINARM_EMIT(4, l4, h4); TWINARM_EMIT(5, l5, h5); TWINARM_EMIT(6, l6, h6); TWINARM_EMIT(7, l7, h7);
}

__attribute__((target("avx512f,avx512bf16")))
void cscoring_filter_bf16(const uint32_t *packed, int d, long first, long count, const uint32_t *users, long b, const float *floors,
                          const uint8_t *live, const float *dead_floors, int32_t *counts, long room, int32_t *rows_out,
                          float *values_out) {
    int pairs = (d + 1) / 2;
    long end = first + count, full = b / 8 * 8, rest = b - full;
    uint32_t tail[8 * 64];
    float tailFloor[8], tailDead[8];
    if (rest > 0) {
        for (long i = 0; i < 8 * (long)pairs; i++) tail[i] = i < rest * pairs ? users[full * pairs + i] : 0u;
        twinarm_tail_floors(floors, dead_floors, full, rest, tailFloor, tailDead);
    }
    const __m512i iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    for (long base = first; base < end; base += 32) {
        const uint32_t *p = packed + (base / 32) * (long)pairs * 32;
        uint32_t keep, dead;
        twinarm_group_lanes(live, dead_floors, base, end, &keep, &dead);
        __m512i index_lo = _mm512_add_epi32(_mm512_set1_epi32((int32_t)base), iota);
        __m512i index_hi = _mm512_add_epi32(index_lo, _mm512_set1_epi32(16));
        for (long u = 0; u < full; u += 8)
            twinarm_group8_bf16(p, pairs, users + u * pairs, floors + u, dead_floors ? dead_floors + u : 0, 8, u, base, keep, dead, index_lo,
                                index_hi, counts, room, rows_out, values_out);
        if (rest > 0)
            twinarm_group8_bf16(p, pairs, tail, tailFloor, tailDead, rest, full, base, keep, dead, index_lo, index_hi, counts, room, rows_out,
                                values_out);
    }
}

/* cscoring_products on bfloat16 rows and tastes (d ≤ 128): eight users × 32 rows per step, the
 * last fewer than eight padded, stored masked. Requires cscoring_bf16_available(). */
__attribute__((target("avx512f,avx512bf16")))
void cscoring_products_bf16(const uint32_t *packed, int d, long count, const uint32_t *users, long b, float *out) {
    int pairs = (d + 1) / 2;
    long full = b / 8 * 8, rest = b - full;
    uint32_t tail[8 * 64];
    for (long i = 0; i < 8 * (long)pairs; i++) tail[i] = i < rest * pairs ? users[full * pairs + i] : 0u;
    for (long base = 0; base < count; base += 32) {
        const uint32_t *p8 = packed + (base / 32) * (long)pairs * 32;
        long left = count - base;
        __mmask16 mlo = left >= 16 ? 0xFFFF : (__mmask16)((1u << left) - 1u);
        __mmask16 mhi = left >= 32 ? 0xFFFF : left <= 16 ? 0 : (__mmask16)((1u << (left - 16)) - 1u);
        for (long u = 0; u < full + (rest > 0 ? 8 : 0); u += 8) {
            const uint32_t *x = u < full ? users + u * pairs : tail;
            long real = u < full ? 8 : rest;
            __m512 l0 = _mm512_setzero_ps(), l1 = l0, l2 = l0, l3 = l0, l4 = l0, l5 = l0, l6 = l0, l7 = l0;
            __m512 h0 = l0, h1 = l0, h2 = l0, h3 = l0, h4 = l0, h5 = l0, h6 = l0, h7 = l0;
            for (int k = 0; k < pairs; k++) {
                __m512bh lo = (__m512bh)_mm512_loadu_si512(p8 + k * 32), hi = (__m512bh)_mm512_loadu_si512(p8 + k * 32 + 16), v;
                TWINARM_BSTEP(0); TWINARM_BSTEP(1); TWINARM_BSTEP(2); TWINARM_BSTEP(3);
                TWINARM_BSTEP(4); TWINARM_BSTEP(5); TWINARM_BSTEP(6); TWINARM_BSTEP(7);
            }
            TWINARM_STORE(0, l0, h0); TWINARM_STORE(1, l1, h1); TWINARM_STORE(2, l2, h2); TWINARM_STORE(3, l3, h3);
            TWINARM_STORE(4, l4, h4); TWINARM_STORE(5, l5, h5); TWINARM_STORE(6, l6, h6); TWINARM_STORE(7, l7, h7);
        }
    }
}

/* ---- Exact search's passes over a user's kept slots (cscoring.h) ---- */

__attribute__((target("avx512f")))
long cscoring_classify(int32_t *rows, float *values, long count, float floor, float sure, uint8_t *flags, int32_t *open_positions,
                       int32_t *open_rows, long *open_count, long *sure_count) {
    const __m512i iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m512i one = _mm512_set1_epi32(1);
    const __m512 low = _mm512_set1_ps(floor), high = _mm512_set1_ps(sure);
    long kept = 0, open = 0, winners = 0, t = 0;
    for (; t + 16 <= count; t += 16) {
        __m512 v = _mm512_loadu_ps(values + t);
        __m512i r = _mm512_loadu_si512(rows + t);
        __mmask16 in = _mm512_cmp_ps_mask(v, low, _CMP_GE_OQ);
        if (!in) continue;
        __mmask16 won = _mm512_mask_cmp_ps_mask(in, v, high, _CMP_GE_OQ);
        int n = __builtin_popcount(in);
        /* In place: the stores reach at most slot t + 15, all of it already loaded. */
        __m512i kr = _mm512_maskz_compress_epi32(in, r);
        __m512 kv = _mm512_maskz_compress_ps(in, v);
        __m512i kf = _mm512_maskz_compress_epi32(in, _mm512_maskz_mov_epi32(won, one));
        _mm512_storeu_si512(rows + kept, kr);
        _mm512_storeu_ps(values + kept, kv);
        _mm_storeu_si128((__m128i *)(flags + kept), _mm512_cvtepi32_epi8(kf));
        /* The undecided among the kept lanes, in their order: their positions and rows. */
        __mmask16 undecided = _mm512_cmpeq_epi32_mask(kf, _mm512_setzero_si512()) & (__mmask16)((1u << n) - 1u);
        _mm512_storeu_si512(open_positions + open,
                            _mm512_maskz_compress_epi32(undecided, _mm512_add_epi32(iota, _mm512_set1_epi32((int32_t)kept))));
        _mm512_storeu_si512(open_rows + open, _mm512_maskz_compress_epi32(undecided, kr));
        open += __builtin_popcount(undecided);
        winners += __builtin_popcount(won);
        kept += n;
    }
    for (; t < count; t++) {
        float v = values[t];
        if (!(v >= floor)) continue;
        int32_t r = rows[t];
        rows[kept] = r;
        values[kept] = v;
        if (v >= sure) {
            flags[kept] = 1;
            winners++;
        } else {
            flags[kept] = 0;
            open_positions[open] = (int32_t)kept;
            open_rows[open] = r;
            open++;
        }
        kept++;
    }
    *open_count = open;
    *sure_count = winners;
    return kept;
}

__attribute__((target("avx512f")))
long cscoring_emit(const int32_t *rows, uint8_t *flags, long count, const int32_t *items, int32_t *out_rows, int32_t *out_items) {
    long n = 0;
    for (long t = 0; t < count; t += 16) {
        __mmask16 valid = count - t >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (count - t)) - 1u);
        __m512i f = _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(flags + t)));
        __mmask16 take = _mm512_mask_test_epi32_mask(valid, f, f);
        if (!take) continue;
        __m512i r = _mm512_maskz_loadu_epi32(take, rows + t);
        __m512i it = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), take, r, items, 4);
        _mm512_storeu_si512(out_rows + n, _mm512_maskz_compress_epi32(take, r));
        _mm512_storeu_si512(out_items + n, _mm512_maskz_compress_epi32(take, it));
        n += __builtin_popcount(take);
    }
    __builtin_memset(flags, 0, (size_t)count);
    return n;
}

__attribute__((target("avx512f")))
long cscoring_count_at_least(const float *values, const int32_t *rows, long count, float at, const uint8_t *alive) {
    const __m512 bar = _mm512_set1_ps(at);
    long n = 0, t = 0;
    for (; t + 16 <= count; t += 16) {
        __mmask16 m = _mm512_cmp_ps_mask(_mm512_loadu_ps(values + t), bar, _CMP_GE_OQ);
        if (!alive) { n += __builtin_popcount(m); continue; }
        while (m) {
            int lane = __builtin_ctz(m);
            m &= m - 1;
            n += alive[rows[t + lane]] != 0;
        }
    }
    for (; t < count; t++)
        if (values[t] >= at && (!alive || alive[rows[t]] != 0)) n++;
    return n;
}

__attribute__((target("avx512f")))
long cscoring_report(int32_t *rows, float *values, long count, float watch, const int32_t *items, const uint8_t *alive, int32_t *out_rows,
                     int32_t *out_items, long *watched) {
    const __m512 bar = _mm512_set1_ps(watch);
    long n = 0, kept = 0, t = 0;
    for (; t + 16 <= count; t += 16) {
        __m512 v = _mm512_loadu_ps(values + t);
        __m512i r = _mm512_loadu_si512(rows + t);
        __mmask16 w = _mm512_cmp_ps_mask(v, bar, _CMP_GE_OQ);
        if (w) {
            __m512i it = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), w, r, items, 4);
            _mm512_storeu_si512(out_rows + n, _mm512_maskz_compress_epi32(w, r));
            _mm512_storeu_si512(out_items + n, _mm512_maskz_compress_epi32(w, it));
            n += __builtin_popcount(w);
        }
        if (!alive) continue;
        __mmask16 live = 0;
        for (int lane = 0; lane < 16; lane++) live |= (__mmask16)((alive[rows[t + lane]] != 0) << lane);
        /* In place: the stores reach at most slot t + 15, all of it already loaded. */
        _mm512_storeu_si512(rows + kept, _mm512_maskz_compress_epi32(live, r));
        _mm512_storeu_ps(values + kept, _mm512_maskz_compress_ps(live, v));
        kept += __builtin_popcount(live);
    }
    for (; t < count; t++) {
        int32_t r = rows[t];
        float v = values[t];
        if (v >= watch) {
            out_rows[n] = r;
            out_items[n] = items[r];
            n++;
        }
        if (!alive) continue;
        if (alive[r] != 0) {
            rows[kept] = r;
            values[kept] = v;
            kept++;
        }
    }
    *watched = n;
    return alive ? kept : count;
}

__attribute__((target("avx512f")))
long cscoring_keep_at_least(int32_t *rows, float *values, long count, float bar) {
    const __m512 low = _mm512_set1_ps(bar);
    long kept = 0, t = 0;
    for (; t + 16 <= count; t += 16) {
        __m512 v = _mm512_loadu_ps(values + t);
        __mmask16 in = _mm512_cmp_ps_mask(v, low, _CMP_GE_OQ);
        if (!in) continue;
        /* In place: the stores reach at most slot t + 15, all of it already loaded. */
        __m512i r = _mm512_loadu_si512(rows + t);
        _mm512_storeu_si512(rows + kept, _mm512_maskz_compress_epi32(in, r));
        _mm512_storeu_ps(values + kept, _mm512_maskz_compress_ps(in, v));
        kept += __builtin_popcount(in);
    }
    for (; t < count; t++) {
        if (!(values[t] >= bar)) continue;
        rows[kept] = rows[t];
        values[kept] = values[t];
        kept++;
    }
    return kept;
}
