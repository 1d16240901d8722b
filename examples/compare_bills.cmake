# Runs `submeter bill SITE --period PERIOD --format FORMAT [--lang LANG]` and compares stdout with
# EXPECTED. On a difference, the actual output is left in ACTUAL for `diff EXPECTED ACTUAL`.
set(_lang)
if(DEFINED LANG)
  set(_lang --lang ${LANG})
endif()
execute_process(COMMAND ${EXE} bill ${SITE} --period ${PERIOD} --format ${FORMAT} ${_lang}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "submeter bill failed (${rc}): ${err}")
endif()
if(NOT err STREQUAL "")
  message(FATAL_ERROR "submeter bill wrote to stderr: ${err}")
endif()
file(WRITE ${ACTUAL} "${out}")
file(READ ${EXPECTED} expected)
if(NOT out STREQUAL expected)
  message(FATAL_ERROR "bills differ from ${EXPECTED}: diff ${EXPECTED} ${ACTUAL}")
endif()
