# The body of the fake aws CLI (fake-aws.ts), after the generated header, which sets LOG (the call log), GLOBAL
# (the CLI's own options that take a value, space-separated) and the function operation, which sets params and
# required (space-separated) and outfile (yes/no) for "$name", and returns 1 for an operation it does not know.

# Sets JSON to $1 as a JSON string.
json() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  JSON="\"$s\""
}
fail() {
  printf 'aws: error: %s\n' "$1" >&2
  exit 252
}
name="$1 $2"
shift 2
operation || fail "fake aws knows no operation \"$name\""
declare -A values=()
flags=() positionals=()
while (($# > 0)); do
  if [[ $1 != --* ]]; then
    positionals+=("$1")
    shift
    continue
  fi
  flag=${1#--}
  [[ " $params $GLOBAL " == *" $flag "* ]] || fail "Unknown options: --$flag for $name"
  (($# >= 2)) || fail "argument --$flag: expected one argument"
  [[ -v "values[$flag]" ]] || flags+=("$flag")
  values[$flag]=$2
  shift 2
done
for flag in $required; do
  [[ -v "values[$flag]" ]] || fail "the following arguments are required: --$flag"
done
expected=0
[[ $outfile == yes ]] && expected=1
if ((${#positionals[@]} != expected)); then
  list="" sep=""
  for positional in "${positionals[@]}"; do
    json "$positional"
    list+="$sep$JSON"
    sep=","
  done
  fail "unexpected arguments for $name: [$list]"
fi
for flag in "${flags[@]}"; do
  value=${values[$flag]}
  if [[ $value == file://* && ! -e ${value#file://} ]]; then
    fail "Error parsing parameter: Unable to load paramfile $value"
  fi
done

# One JSON line per call: {"name", "values", "positionals"}.
json "$name"
line="{\"name\":$JSON,\"values\":{"
sep=""
for flag in "${flags[@]}"; do
  json "$flag"
  line+="$sep$JSON:"
  json "${values[$flag]}"
  line+="$JSON"
  sep=","
done
line+="},\"positionals\":["
sep=""
for positional in "${positionals[@]}"; do
  json "$positional"
  line+="$sep$JSON"
  sep=","
done
printf '%s\n' "$line]}" >>"$LOG"

case "$name" in
  "s3api list-object-versions")
    seen="${LOG%/*}/listed-${values[bucket]}"
    if [[ -e $seen ]]; then
      printf '%s\n' '{"Objects":[]}'
    else
      : >"$seen"
      printf '%s\n' '{"Objects":[{"Key":"AWSLogs/x","VersionId":"v1"}]}'
    fi
    ;;
  "s3api get-object")
    printf '%s' '{"version":4,"serial":3,"lineage":"restored","resources":[]}' >"${positionals[0]}"
    json "${values[version-id]:-latest}"
    printf '%s\n' "{\"VersionId\":$JSON}"
    ;;
  "kms create-key")
    echo "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    ;;
esac
