# The body of the fake terraform (fake-terraform.ts): after the generated header, which sets LOG (the call log),
# REMOTE (the fake backend's folder), PULL_ANSWERED (stacks whose `state pull` the script answers), VERSION_ANSWERED
# and the function answer (sets code, stdout and stderr for "$stack/$command" from the test's script).

# terraform -chdir=<dir> <command>: run in <dir>, failing like terraform when it does not exist.
if [[ $1 == -chdir=* ]]; then
  dir=${1#-chdir=}
  cd -P -- "$dir" 2>/dev/null || {
    echo "Error handling -chdir option: chdir $dir: no such file or directory" >&2
    exit 1
  }
  shift
else
  cd -P .
fi
stack=${PWD##*/}

# One JSON line per call: {"stack", "args", "cwd"}, written at once (calls may run side by side).
json() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  JSON="\"$s\""
}
json "$stack"
line="{\"stack\":$JSON,\"args\":["
sep=""
for arg in "$@"; do
  json "$arg"
  line+="$sep$JSON"
  sep=","
done
json "$PWD"
line+="],\"cwd\":$JSON}"
printf '%s\n' "$line" >>"$LOG"

if [[ $1 == state ]]; then command="state $2"; else command=$1; fi
remote="$REMOTE/$stack.json"
if [[ $command == "state push" ]]; then
  cp -- "${@: -1}" "$remote"
  exit 0
fi
if [[ $command == "state pull" && " $PULL_ANSWERED " != *" $stack "* ]]; then
  [[ -e $remote ]] && cat -- "$remote"
  exit 0
fi
# cdktf's synth asks the terraform on the PATH for its version.
if [[ $command == version && $VERSION_ANSWERED != yes ]]; then
  if [[ " $* " == *" -json "* ]]; then
    printf '%s' '{"terraform_version":"1.11.4"}'
  else
    printf 'Terraform v1.11.4\non linux_amd64\n'
  fi
  exit 0
fi

code=0 stdout="" stderr=""
answer
# Like terraform, a plan that succeeds saves its plan file (-out=...).
if [[ $code == 0 || ($code == 2 && " $* " == *" -detailed-exitcode "*) ]]; then
  for arg in "$@"; do
    if [[ $arg == -out=* ]]; then printf '%s' "fake plan of $stack" >"${arg#-out=}"; fi
  done
fi
printf '%s' "$stdout"
printf '%s' "$stderr" >&2
exit "$code"
