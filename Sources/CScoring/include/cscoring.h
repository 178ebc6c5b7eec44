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

#endif
