# manpage.cmake — one man page from a tool's --help text (cmake -P).
#   -DPAGE=ndisdma-run -DHELP_CMD="/path/ndisdma^run^--help" -DSUMMARY="..."
#   -DVERSION=0.1.0 -DOUT=/path/ndisdma-run.1
# The --help text is the one source: it is printed by the built binary and
# set here line for line in no-fill mode between ".\" help:begin" and
# ".\" help:end"; a line "heading:" at column 0 becomes a section (.SH) and
# an option line ("  --name ARG", "  -x") is set in bold.  man_pages
# (tests/man.cmake) turns the page back into text and compares it with
# --help, so the two never disagree.
string(REPLACE "^" ";" HELP_CMD "${HELP_CMD}")
execute_process(COMMAND ${HELP_CMD} OUTPUT_VARIABLE help ERROR_VARIABLE help_err
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PAGE}: '${HELP_CMD}' exited ${rc}")
endif()
string(APPEND help "${help_err}")   # ndisdma-wpp prints its usage on stderr
string(TOUPPER "${PAGE}" title)
# roff: a backslash is \e, a hyphen-minus \- (options copy and paste), a
# line starting with . or ' is protected with \&
string(REPLACE "\\" "\\e" help "${help}")
string(REPLACE "-" "\\-" help "${help}")
# a CMake list does not split inside [...]: brackets and semicolons are
# held as placeholders while the text is a list of lines
string(REPLACE ";" "@SC@" help "${help}")
string(REPLACE "[" "@LB@" help "${help}")
string(REPLACE "]" "@RB@" help "${help}")
string(REPLACE "\n" ";" lines "${help}")
set(body "")
foreach(line IN LISTS lines)
  string(REPLACE "@SC@" ";" line "${line}")
  string(REPLACE "@LB@" "[" line "${line}")
  string(REPLACE "@RB@" "]" line "${line}")
  if(line MATCHES "^[a-z][^ ].*:$" AND NOT line MATCHES "^usage:")
    string(REGEX REPLACE ":$" "" head "${line}")
    string(REPLACE "\"" "\\(dq" head "${head}")
    string(APPEND body ".SH \"${head}\"\n.nf\n")
  elseif(line MATCHES "^(  +)(\\\\-[^ ].*)$")
    string(APPEND body "${CMAKE_MATCH_1}\\fB${CMAKE_MATCH_2}\\fR\n")
  elseif(line MATCHES "^[.']")
    string(APPEND body "\\&${line}\n")
  else()
    string(APPEND body "${line}\n")
  endif()
endforeach()
string(REGEX REPLACE "\n$" "" body "${body}")   # the text's own last newline
string(REPLACE "-" "\\-" name_page "${PAGE}")
file(WRITE "${OUT}" ".\\\" generated from `${PAGE} --help` by cmake/manpage.cmake: edit the --help text
.TH ${title} 1 \"\" \"ndisdma ${VERSION}\" \"ndisdma manual\"
.SH NAME
${name_page} \\- ${SUMMARY}
.SH DESCRIPTION
.nf
.\\\" help:begin
${body}
.\\\" help:end
.fi
.SH SEE ALSO
ndisdma(1), ndisdma\\-run(1), ndisdma\\-bench(1), ndisdma\\-verify(1), ndisdma\\-wpp(1);
docs/ in the ndisdma sources.
")
