# Checks that PAGE quotes EXPECTED (an example's output) exactly, inside a fenced block (cmake -P).
file(READ ${EXPECTED} _want)
file(READ ${PAGE} _page)
string(FIND "${_page}" "```text\n${_want}```" _at)
if(_at EQUAL -1)
  message(FATAL_ERROR "${PAGE} does not quote ${EXPECTED} exactly in a ```text block")
endif()
