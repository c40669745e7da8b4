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
