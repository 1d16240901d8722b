# Runs EXE and compares what it prints with EXPECTED, byte for byte (cmake -P).
execute_process(COMMAND ${EXE} OUTPUT_VARIABLE _out ERROR_VARIABLE _err RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "${EXE} exited with ${_rc}:\n${_err}")
endif()
file(READ ${EXPECTED} _want)
if(NOT _out STREQUAL _want)
  message(FATAL_ERROR "${EXE} printed:\n${_out}\nexpected (${EXPECTED}):\n${_want}")
endif()
