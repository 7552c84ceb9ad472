/* LD_PRELOAD shim that lets Debian's SyncEvolution 2.0.0 send SyncML over HTTP (see TESTING.md).
 *
 * Why: upstream src/syncevo/CurlTransportAgent.cpp passes C++ lambda objects through the
 * varargs of curl_easy_setopt() for CURLOPT_WRITEFUNCTION (20011) and CURLOPT_READFUNCTION
 * (20012). An empty lambda occupies no argument register, so libcurl reads whatever happens
 * to be in the register as the callback and the client crashes on its first POST (the
 * server sees the headers and no body). The agent also sets CURLOPT_WRITEDATA and
 * CURLOPT_READDATA to itself, so libcurl hands `this` to whatever callback is installed.
 *
 * Fix: wrap curl_easy_setopt(); for those two options, when called from the library that
 * defines SyncEvo::CurlTransportAgent, install plain C callbacks that call the exported
 * member functions CurlTransportAgent::readData(void *, size_t) and
 * writeData(void *, size_t) with the READDATA / WRITEDATA pointer as `this`.
 *
 * Build: gcc -shared -fPIC -O2 -o syncevolution-curl-fix.so syncevolution-curl-fix.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

/* Values from <curl/curl.h>; spelled out so the shim needs no curl headers to build. */
enum {
    FIX_CURLOPT_WRITEFUNCTION = 20011,
    FIX_CURLOPT_READFUNCTION = 20012,
};
/* CURLcode values used here. */
enum { FIX_CURLE_FAILED_INIT = 2 };

typedef int (*setopt_fn)(void *curl, int option, ...);
/* A non-static C++ member function is called with `this` as the first argument. */
typedef size_t (*member_fn)(void *self, void *buffer, size_t size);

static setopt_fn real_setopt;
static member_fn read_data;
static member_fn write_data;
static void *syncevo_base; /* load address of the object defining CurlTransportAgent */
static int debug;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void resolve(void)
{
    /* libcurl exports a versioned symbol (CURL_GNUTLS_3 / CURL_OPENSSL_4); take the default. */
    real_setopt = (setopt_fn)dlsym(RTLD_NEXT, "curl_easy_setopt");
    read_data = (member_fn)dlsym(RTLD_DEFAULT, "_ZN7SyncEvo18CurlTransportAgent8readDataEPvm");
    write_data = (member_fn)dlsym(RTLD_DEFAULT, "_ZN7SyncEvo18CurlTransportAgent9writeDataEPvm");
    Dl_info info;
    if (read_data != NULL && dladdr((void *)read_data, &info) != 0)
        syncevo_base = info.dli_fbase;
    debug = getenv("SYNCEVOLUTION_CURL_FIX_DEBUG") != NULL;
    if (debug)
        fprintf(stderr, "syncevolution-curl-fix: setopt=%p readData=%p writeData=%p base=%p\n",
                (void *)real_setopt, (void *)read_data, (void *)write_data, syncevo_base);
}

/* libcurl read callback (CURLOPT_READFUNCTION): fill buffer with the next request bytes. */
static size_t read_callback(char *buffer, size_t size, size_t nitems, void *agent)
{
    return read_data(agent, buffer, size * nitems);
}

/* libcurl write callback (CURLOPT_WRITEFUNCTION): append reply bytes to the agent. */
static size_t write_callback(char *data, size_t size, size_t nmemb, void *agent)
{
    return write_data(agent, data, size * nmemb);
}

static int called_from_syncevolution(void *return_address)
{
    Dl_info info;
    if (syncevo_base == NULL || dladdr(return_address, &info) == 0)
        return 0;
    return info.dli_fbase == syncevo_base;
}

/* Every curl_easy_setopt() argument (long, pointer, curl_off_t, function pointer) is one
 * 64-bit integer-class value on the platforms Debian ships SyncEvolution for, so the
 * single variadic argument is forwarded as a pointer-sized value. */
int curl_easy_setopt(void *curl, int option, ...)
{
    pthread_once(&once, resolve);
    if (real_setopt == NULL)
        return FIX_CURLE_FAILED_INIT;

    va_list args;
    va_start(args, option);
    void *value = va_arg(args, void *);
    va_end(args);

    if ((option == FIX_CURLOPT_READFUNCTION || option == FIX_CURLOPT_WRITEFUNCTION) &&
        read_data != NULL && write_data != NULL &&
        called_from_syncevolution(__builtin_return_address(0))) {
        if (debug)
            fprintf(stderr, "syncevolution-curl-fix: replacing option %d\n", option);
        value = option == FIX_CURLOPT_READFUNCTION ? (void *)read_callback
                                                   : (void *)write_callback;
    }
    return real_setopt(curl, option, value);
}
