// The FAISS side of `twinarm benchmark retrieval --faiss`: the same pool and users searched with
// FAISS 1.7.3 (Debian's libfaiss-dev) — exact inner-product search (IndexFlatIP), an inverted file
// (IndexIVFFlat, nprobe raised until recall ≥ 0.95 against exact) and HNSW (IndexHNSWFlat, efSearch
// raised the same way). Each line: index, parameters, build seconds (what a pool that changes every
// day pays daily), search seconds and recall of the top k against the exact top k.
//
//   faiss-reference FOLDER D K THREADS
#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVFFlat.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <unordered_set>
#include <vector>

namespace {

std::vector<float> readRows(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<float> values(bytes.size() / sizeof(float));
    std::copy(bytes.begin(), bytes.begin() + values.size() * sizeof(float), reinterpret_cast<char*>(values.data()));
    return values;
}

double seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Share of the exact top k (per user) that `found` holds, over all users.
double recall(const std::vector<faiss::Index::idx_t>& exact, const std::vector<faiss::Index::idx_t>& found, long users, long k) {
    long hits = 0;
    for (long u = 0; u < users; ++u) {
        std::unordered_set<faiss::Index::idx_t> truth(exact.begin() + u * k, exact.begin() + (u + 1) * k);
        for (long t = 0; t < k; ++t) hits += truth.count(found[u * k + t]);
    }
    return double(hits) / double(users * k);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: faiss-reference FOLDER D K THREADS\n");
        return 64;
    }
    const std::string folder = argv[1];
    const int d = std::atoi(argv[2]);
    const long k = std::atol(argv[3]);
    omp_set_num_threads(std::atoi(argv[4]));
    const std::vector<float> pool = readRows(folder + "/pool.f32"), users = readRows(folder + "/users.f32");
    const long n = long(pool.size()) / d, m = long(users.size()) / d;
    if (d <= 0 || k <= 0 || n < k || m == 0) {
        std::fprintf(stderr, "faiss-reference: %s holds %ld pool rows and %ld users of d = %d; need at least k = %ld rows and one user\n",
                     folder.c_str(), n, m, d, k);
        return 65;
    }
    std::vector<float> distances(m * k);
    std::vector<faiss::Index::idx_t> exact(m * k), found(m * k);

    auto start = std::chrono::steady_clock::now();
    faiss::IndexFlatIP flat(d);
    flat.add(n, pool.data());
    const double flatBuild = seconds(start);
    start = std::chrono::steady_clock::now();
    flat.search(m, users.data(), k, distances.data(), exact.data());
    std::printf("flat build %.3f search %.3f recall 1.0000\n", flatBuild, seconds(start));

    // Inverted file: about 4·√n lists, trained on the pool itself (as a daily pool would be).
    const long lists = std::max(1L, long(4 * std::sqrt(double(n))));
    start = std::chrono::steady_clock::now();
    faiss::IndexFlatIP quantizer(d);
    faiss::IndexIVFFlat ivf(&quantizer, d, lists, faiss::METRIC_INNER_PRODUCT);
    ivf.train(n, pool.data());
    ivf.add(n, pool.data());
    const double ivfBuild = seconds(start);
    for (long probes = 1; probes <= lists; probes *= 2) {
        ivf.nprobe = probes;
        start = std::chrono::steady_clock::now();
        ivf.search(m, users.data(), k, distances.data(), found.data());
        const double searched = seconds(start), r = recall(exact, found, m, k);
        std::printf("ivf lists %ld nprobe %ld build %.3f search %.3f recall %.4f\n", lists, probes, ivfBuild, searched, r);
        if (r >= 0.95) break;
    }

    // HNSW: 32 links per node; efSearch from k up (it must be at least k).
    start = std::chrono::steady_clock::now();
    faiss::IndexHNSWFlat hnsw(d, 32, faiss::METRIC_INNER_PRODUCT);
    hnsw.hnsw.efConstruction = 40;
    hnsw.add(n, pool.data());
    const double hnswBuild = seconds(start);
    for (long ef = std::max(16L, k); ef <= 16 * std::max(16L, k); ef *= 2) {
        hnsw.hnsw.efSearch = int(ef);
        start = std::chrono::steady_clock::now();
        hnsw.search(m, users.data(), k, distances.data(), found.data());
        const double searched = seconds(start), r = recall(exact, found, m, k);
        std::printf("hnsw links 32 efSearch %ld build %.3f search %.3f recall %.4f\n", ef, hnswBuild, searched, r);
        if (r >= 0.95) break;
    }
    return 0;
}
