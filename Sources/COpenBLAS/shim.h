#ifndef TWINARM_COPENBLAS_SHIM_H
#define TWINARM_COPENBLAS_SHIM_H

/* Debian's OpenBLAS (libopenblas-dev), reached only through the `GSL` module's `BLAS`.
 *
 * OpenBLAS is opened at run time with RTLD_LOCAL rather than linked: it defines the `cblas_*`
 * names that GSL's own reference CBLAS (libgslcblas, linked by CGSL) defines too, and a linked
 * OpenBLAS would take over GSL's linear algebra — its results would then depend on the machine's
 * CPU. Opened locally, only the Fortran-named single-precision product is used, for scores that
 * retrieval re-checks exactly. */

#include <dlfcn.h>
#include <stddef.h>

/* C := alpha · op(A) · op(B) + beta · C, column-major, single precision. */
typedef void (*copenblas_sgemm_fn)(const char *transa, const char *transb, const int *m, const int *n, const int *k,
                                   const float *alpha, const float *a, const int *lda, const float *b, const int *ldb,
                                   const float *beta, float *c, const int *ldc);
typedef void (*copenblas_set_threads_fn)(int threads);
typedef char *(*copenblas_string_fn)(void);

/* The library's handle (NULL when no OpenBLAS is installed). Call once, from one thread. */
static inline void *copenblas_open(void) {
    void *handle = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!handle) handle = dlopen("libopenblas.so", RTLD_NOW | RTLD_LOCAL);
    return handle;
}

static inline copenblas_sgemm_fn copenblas_sgemm(void *handle) {
    return handle ? (copenblas_sgemm_fn)dlsym(handle, "sgemm_") : NULL;
}

static inline void copenblas_set_threads(void *handle, int threads) {
    copenblas_set_threads_fn f = handle ? (copenblas_set_threads_fn)dlsym(handle, "openblas_set_num_threads") : NULL;
    if (f) f(threads);
}

static inline const char *copenblas_text(void *handle, const char *name) {
    copenblas_string_fn f = handle ? (copenblas_string_fn)dlsym(handle, name) : NULL;
    return f ? f() : NULL;
}

#endif
