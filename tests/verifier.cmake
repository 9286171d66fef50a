# The verifier names a report's call site with dladdr ("module!symbol"):
# export the test program's symbols so its functions are named as a
# miniport shared object's would be (spec §10).
foreach(t test_verifier test_verifier_output)
  if(TARGET ${t})
    set_target_properties(${t} PROPERTIES ENABLE_EXPORTS ON)
  endif()
endforeach()
