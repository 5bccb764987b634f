// supportbytime-gateway serves the supportbytime API over HTTP/JSON: a reverse
// proxy generated from the google.api.http rules of the protos, forwarding
// every call to the gRPC server.
//
//	supportbytime-gateway [--listen 127.0.0.1:8080] [--endpoint 127.0.0.1:50051]
//
// Flags default to SBT_GATEWAY_LISTEN and SBT_GATEWAY_ENDPOINT (or SBT_LISTEN,
// the server's own address). The Authorization header reaches the server as
// the `authorization` metadata. Errors keep the gRPC code (mapped to the HTTP
// status) and the google.rpc.ErrorInfo detail in the JSON body:
//
//	{"error": "...", "message": "...", "code": 5,
//	 "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
//	              "reason": "PACKAGE_NOT_FOUND", "domain": "...", "metadata": {...}}]}
//
// GET /healthz answers 200 when the gRPC server reports SERVING, 503 otherwise.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/runtime"
	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	// Registers google.rpc.ErrorInfo and the other details so that error
	// bodies render them as JSON.
	_ "google.golang.org/genproto/googleapis/rpc/errdetails"

	sbt "supportbytime/gen/go/supportbytime/v1"
)

type registerFunc func(context.Context, *runtime.ServeMux, *grpc.ClientConn) error

var services = []struct {
	name     string
	register registerFunc
}{
	{"PackageService", sbt.RegisterPackageServiceHandler},
	{"AccountService", sbt.RegisterAccountServiceHandler},
	{"TicketService", sbt.RegisterTicketServiceHandler},
	{"TimeLogService", sbt.RegisterTimeLogServiceHandler},
	{"BillingService", sbt.RegisterBillingServiceHandler},
	{"HistoryService", sbt.RegisterHistoryServiceHandler},
}

func envOr(names []string, fallback string) string {
	for _, n := range names {
		if v := os.Getenv(n); v != "" {
			return v
		}
	}
	return fallback
}

func main() {
	listen := flag.String("listen", envOr([]string{"SBT_GATEWAY_LISTEN"}, "127.0.0.1:8080"),
		"HTTP address to serve on (SBT_GATEWAY_LISTEN)")
	endpoint := flag.String("endpoint", envOr([]string{"SBT_GATEWAY_ENDPOINT", "SBT_LISTEN"}, "127.0.0.1:50051"),
		"gRPC server address (SBT_GATEWAY_ENDPOINT, else SBT_LISTEN)")
	flag.Parse()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	// The server is local (or behind the same TLS terminator as this proxy):
	// plaintext gRPC, connected lazily so the gateway may start first.
	conn, err := grpc.DialContext(ctx, *endpoint, grpc.WithInsecure())
	if err != nil {
		log.Fatalf("dial %s: %v", *endpoint, err)
	}
	defer conn.Close()

	// Proto3 JSON mapping: lowerCamelCase names on output; both spellings are
	// accepted on input.
	mux := runtime.NewServeMux(
		runtime.WithMarshalerOption(runtime.MIMEWildcard, &runtime.JSONPb{OrigName: false}),
	)
	for _, s := range services {
		if err := s.register(ctx, mux, conn); err != nil {
			log.Fatalf("register %s: %v", s.name, err)
		}
	}

	health := healthpb.NewHealthClient(conn)
	root := http.NewServeMux()
	root.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		cctx, ccancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer ccancel()
		resp, err := health.Check(cctx, &healthpb.HealthCheckRequest{})
		w.Header().Set("Content-Type", "application/json")
		if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintf(w, "{\"status\":\"NOT_SERVING\"}\n")
			return
		}
		fmt.Fprintf(w, "{\"status\":\"SERVING\"}\n")
	})
	root.Handle("/", mux)

	lis, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatalf("listen %s: %v", *listen, err)
	}
	// The bound address (useful with port 0), then serve until a signal.
	fmt.Printf("supportbytime-gateway listening on http://%s, forwarding to %s\n", lis.Addr(), *endpoint)
	os.Stdout.Sync()

	srv := &http.Server{Handler: root, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
		<-sig
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer scancel()
		srv.Shutdown(sctx)
	}()
	if err := srv.Serve(lis); err != nil && err != http.ErrServerClosed {
		log.Fatalf("serve: %v", err)
	}
}
