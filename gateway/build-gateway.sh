#!/usr/bin/env bash
# Builds supportbytime-gateway from the protos, offline, with Debian's Go
# toolchain and grpc-gateway v1 in GOPATH mode (GO111MODULE=off): Go sources of
# the dependencies come from /usr/share/gocode, the generated code goes to a
# GOPATH in the build tree. Also writes the OpenAPI (swagger 2.0) document.
#   build-gateway.sh SOURCE_DIR GOOGLEAPIS_DIR OUT_DIR
set -euo pipefail
src=$1 googleapis=$2 out=$3
protos_in=$src/protos
work=$out/work
gopath=$out/gopath
rm -rf "$work" "$gopath/src/supportbytime"
mkdir -p "$work/protos/supportbytime/v1" "$gopath/src" "$out/openapi"

# protoc-gen-go 1.3 and grpc-gateway 1.6 predate proto3 `optional`. Such a field
# is a oneof of one field on the wire and in JSON, so the copy compiled here
# spells it that way: same numbers, same JSON names, presence kept.
for f in "$protos_in"/supportbytime/v1/*.proto; do
  sed -E 's/^([[:space:]]*)optional[[:space:]]+([A-Za-z0-9_.]+)[[:space:]]+([A-Za-z0-9_]+)[[:space:]]*=(.*);[[:space:]]*$/\1oneof _\3 { \2 \3 =\4; }/' \
    "$f" >"$work/protos/supportbytime/v1/$(basename "$f")"
done

# Well-known types: the Go packages of golang/protobuf 1.3 and genproto, not
# google.golang.org/protobuf named by protoc's own go_package options.
m=Mgoogle/protobuf/timestamp.proto=github.com/golang/protobuf/ptypes/timestamp
m+=,Mgoogle/protobuf/duration.proto=github.com/golang/protobuf/ptypes/duration
m+=,Mgoogle/protobuf/struct.proto=github.com/golang/protobuf/ptypes/struct
m+=,Mgoogle/protobuf/empty.proto=github.com/golang/protobuf/ptypes/empty
m+=,Mgoogle/protobuf/wrappers.proto=github.com/golang/protobuf/ptypes/wrappers
m+=,Mgoogle/protobuf/any.proto=github.com/golang/protobuf/ptypes/any
m+=,Mgoogle/protobuf/field_mask.proto=google.golang.org/genproto/protobuf/field_mask

protoc -I "$work/protos" -I "$googleapis" -I /usr/include \
  --go_out=plugins=grpc,"$m":"$gopath/src" \
  --grpc-gateway_out=logtostderr=true,"$m":"$gopath/src" \
  --swagger_out=logtostderr=true,allow_merge=true,merge_file_name=supportbytime,json_names_for_fields=true:"$out/openapi" \
  "$work"/protos/supportbytime/v1/*.proto

# The merged document is named after its first file; give it the API's name and
# its authentication (a bearer API key in the Authorization header).
/usr/bin/python3 - "$out/openapi/supportbytime.swagger.json" <<'PY'
import json, sys
path = sys.argv[1]
with open(path) as f:
    doc = json.load(f)
doc["info"] = {"title": "supportbytime API", "version": "v1"}
doc["securityDefinitions"] = {"ApiKey": {
    "type": "apiKey", "in": "header", "name": "Authorization",
    "description": "An API key sent as 'Bearer <key>'."}}
doc["security"] = [{"ApiKey": []}]
with open(path, "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")
PY

export GO111MODULE=off GOFLAGS= GOPATH="$gopath:/usr/share/gocode" GOCACHE="$out/gocache"
go build -o "$out/supportbytime-gateway" "$src/gateway/main.go"
