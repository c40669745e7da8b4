# One INTERFACE target carries the project's warnings and Qt's strictness.
add_library(warroom_flags INTERFACE)
target_compile_options(warroom_flags INTERFACE
    -Wall -Wextra -pedantic -Werror
    -Wno-error=deprecated-declarations)
target_compile_definitions(warroom_flags INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_FOREACH
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_UP_TO=0x060400)
if(WARROOM_SANITIZE)
    target_compile_options(warroom_flags INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(warroom_flags INTERFACE -fsanitize=address,undefined)
endif()

# The coordinator allocates and frees many small Qt strings and JSON values
# on three threads at once; jemalloc does that with about a tenth less CPU
# than glibc's malloc in bench_ingest. Optional: without libjemalloc-dev the
# build falls back to glibc's. The sanitizers bring their own allocator.
set(WARROOM_MALLOC_LIBRARY "")
if(WARROOM_JEMALLOC AND NOT WARROOM_SANITIZE)
    find_library(WARROOM_JEMALLOC_LIBRARY NAMES jemalloc)
    if(WARROOM_JEMALLOC_LIBRARY)
        set(WARROOM_MALLOC_LIBRARY ${WARROOM_JEMALLOC_LIBRARY})
        message(STATUS "warroomd allocator: jemalloc (${WARROOM_JEMALLOC_LIBRARY})")
    else()
        message(STATUS "warroomd allocator: glibc (libjemalloc-dev is not installed)")
    endif()
endif()
