#ifndef TWINARM_CSCORING_H
#define TWINARM_CSCORING_H

/* Exact retrieval's scoring kernel: a block of users' products with packed item rows, each kept
 * only when it reaches the user's floor (score and threshold fused, no product matrix written).
 * Reached only through the `GSL` module's `ScoreKernel`.
 *
 * Rows are packed in groups of 32: group g holds rows 32g … 32g + 31, dimension k of them at
 * packed[(g·d + k)·32 + lane] (rows past the end are zero). The products are float32 sums in an
 * order of the kernel's own: callers re-score what they keep exactly, within a rounding bound. */

#include <stdint.h>

/* Whether this CPU runs the fused kernel (AVX-512F); when not, callers use another path. */
int cscoring_available(void);

/* Floats `cscoring_pack` writes for n rows of dimension d. */
long cscoring_packed_count(long n, int d);

/* Packs n rows (row-major n × d) into `out` (cscoring_packed_count(n, d) floats). */
void cscoring_pack(const float *rows, long n, int d, float *out);

/* For rows [first, first + count) (first a multiple of 32) and users u < b (row-major b × d):
 * appends each row whose product reaches floors[u] (and with live == NULL or live[row] != 0) to
 * user u's slots, rows_out/values_out[u·room + counts[u]++], in ascending row order. With both
 * live and dead_floors given, a row that is not live is appended too when its product reaches
 * dead_floors[u]. The caller guarantees counts[u] + count ≤ room. Requires cscoring_available(). */
void cscoring_filter(const float *packed, int d, long first, long count, const float *users, long b, const float *floors,
                     const uint8_t *live, const float *dead_floors, int32_t *counts, long room, int32_t *rows_out,
                     float *values_out);

/* The products of users u < b (row-major b × d) with packed rows r < count, written densely to
 * out[u·count + r]. Requires cscoring_available(). */
void cscoring_products(const float *packed, int d, long count, const float *users, long b, float *out);

/* The value at rank r (0-based) in descending order of v[0 … n) (duplicates counted), reordering v
 * and using `scratch` (3·(n + 16) floats). Requires cscoring_available(). */
float cscoring_largest(float *v, long n, long r, float *scratch);

/* The bfloat16 form of the fused kernel (AVX512-BF16's pairwise dot product): rows and tastes
 * rounded to bfloat16 (nearest, ties to even; subnormals to zero), their exact products summed in
 * float32. A product differs from the exact one by at most ‖x − x̃‖·‖y‖ + ‖x̃‖·‖y − ỹ‖ (x̃, ỹ
 * the rounded vectors) plus float32 summation; callers widen their margins by that and re-score
 * what they keep exactly, so the outcome is the float32 kernel's.
 *
 * Rows are packed in groups of 32 as dimension pairs: pair p of row 32g + lane is the word
 * packed[(g·P + p)·32 + lane] (P = ⌈d/2⌉ pairs; dimension 2p in its low half, 2p + 1 in its high
 * half; rows and dimensions past the end are zero). Tastes are packed as P words per user. */

/* Whether this CPU runs the bfloat16 kernel (AVX-512F and AVX512-BF16). */
int cscoring_bf16_available(void);

/* Words `cscoring_pack_bf16` writes for n rows of dimension d. */
long cscoring_packed_bf16_count(long n, int d);

/* Packs n rows (row-major n × d) into `out` (cscoring_packed_bf16_count(n, d) words). */
void cscoring_pack_bf16(const float *rows, long n, int d, uint32_t *out);

/* Packs b tastes (row-major b × d) into `out` (b·⌈d/2⌉ words, user u's at u·⌈d/2⌉). */
void cscoring_tastes_bf16(const float *users, long b, int d, uint32_t *out);

/* cscoring_filter on bfloat16 rows and tastes (d ≤ 128). Requires cscoring_bf16_available(). */
void cscoring_filter_bf16(const uint32_t *packed, int d, long first, long count, const uint32_t *users, long b, const float *floors,
                          const uint8_t *live, const float *dead_floors, int32_t *counts, long room, int32_t *rows_out,
                          float *values_out);

/* cscoring_products on bfloat16 rows and tastes (d ≤ 128). Requires cscoring_bf16_available(). */
void cscoring_products_bf16(const uint32_t *packed, int d, long count, const uint32_t *users, long b, float *out);

/* Exact search's passes over one user's kept slots (rows[t], values[t] for t < count). Each
 * requires cscoring_available(); buffers written with whole vectors need 16 slots beyond what
 * they receive. */

/* Keeps, in place and in order, the slots whose value reaches `floor` and returns how many. For
 * each kept slot, flags[kept] is 1 when its value reaches `sure` (> floor) and 0 otherwise; the
 * latter ("undecided") also have their kept position in open_positions and their row in
 * open_rows, in order. *open_count and *sure_count receive the two counts. */
long cscoring_classify(int32_t *rows, float *values, long count, float floor, float sure, uint8_t *flags, int32_t *open_positions,
                       int32_t *open_rows, long *open_count, long *sure_count);

/* Writes, in order, the rows of the slots t < count whose flags[t] is non-zero to out_rows and
 * their items (items[row]) to out_items, clears flags[0 … count) and returns how many. */
long cscoring_emit(const int32_t *rows, uint8_t *flags, long count, const int32_t *items, int32_t *out_rows, int32_t *out_items);

/* Keeps, in place and in order, the slots whose value reaches `bar`; returns how many. */
long cscoring_keep_at_least(int32_t *rows, float *values, long count, float bar);

/* How many slots' values reach `at` (with alive == NULL, or whose row is alive: alive[row] != 0). */
long cscoring_count_at_least(const float *values, const int32_t *rows, long count, float at, const uint8_t *alive);

/* Writes the rows and items of the slots whose value reaches `watch` to out_rows/out_items, in
 * order (*watched receives how many); then, when alive is given, keeps in place only the slots
 * whose row is alive. Returns the slots left. */
long cscoring_report(int32_t *rows, float *values, long count, float watch, const int32_t *items, const uint8_t *alive, int32_t *out_rows,
                     int32_t *out_items, long *watched);

#endif
