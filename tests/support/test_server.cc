#include "tests/support/test_server.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace supportbytime::testing {
namespace {

std::string ReadAll(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}

std::vector<char*> Argv(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

// Forks `binary args`, wiring stdout to `out_fd` and stderr to `err_fd`.
pid_t Spawn(const std::vector<std::string>& args, const std::vector<std::string>& env, int out_fd,
            int err_fd) {
  std::vector<std::string> full = {SBT_SERVER_BINARY};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<std::string> envs;
  for (char** e = environ; *e != nullptr; ++e) envs.emplace_back(*e);
  envs.insert(envs.end(), env.begin(), env.end());
  auto argv = Argv(full);
  auto envp = Argv(envs);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

int WaitExit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

CommandResult RunServerCommand(const std::vector<std::string>& args,
                               const std::vector<std::string>& env) {
  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = Spawn(args, env, out[1], err[1]);
  close(out[1]);
  close(err[1]);
  CommandResult r;
  // Small outputs: read stderr on a thread so neither pipe can fill up.
  std::thread t([&] { r.err = ReadAll(err[0]); });
  r.out = ReadAll(out[0]);
  t.join();
  close(out[0]);
  close(err[0]);
  r.exit_code = WaitExit(pid);
  return r;
}

TestServer::TestServer(const std::string& database_url, const std::vector<std::string>& extra_args)
    : database_url_(database_url) {
  char tmpl[] = "/tmp/sbt-server-log-XXXXXX";
  int log_fd = mkstemp(tmpl);
  log_path_ = tmpl;
  int out[2];
  if (log_fd < 0 || pipe(out) != 0) throw std::runtime_error("cannot create pipes");
  std::vector<std::string> args = {"serve", "--listen", "127.0.0.1:0", "--database-url",
                                   database_url, "--health-interval", "200ms",
                                   "--shutdown-grace", "5s"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_ = Spawn(args, {}, out[1], log_fd);
  close(out[1]);
  close(log_fd);

  // The server prints "supportbytime-server listening on HOST:PORT".
  std::string buffer;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (address_.empty() && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, 200) > 0) {
      char buf[512];
      ssize_t n = read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      buffer.append(buf, static_cast<size_t>(n));
      if (auto pos = buffer.find("listening on "); pos != std::string::npos) {
        auto end = buffer.find('\n', pos);
        if (end != std::string::npos) address_ = buffer.substr(pos + 13, end - pos - 13);
      }
    }
  }
  close(out[0]);
  if (address_.empty()) {
    Stop();
    throw std::runtime_error("the server did not start: " + Logs());
  }
  channel_ = grpc::CreateChannel(address_, grpc::InsecureChannelCredentials());
  auto health = grpc::health::v1::Health::NewStub(channel_);
  while (std::chrono::steady_clock::now() < deadline) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    grpc::health::v1::HealthCheckRequest req;
    grpc::health::v1::HealthCheckResponse resp;
    if (health->Check(&ctx, req, &resp).ok() &&
        resp.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Stop();
  throw std::runtime_error("the server never became SERVING: " + Logs());
}

TestServer::~TestServer() {
  Stop();
  std::remove(log_path_.c_str());
}

int TestServer::Stop() {
  if (pid_ <= 0) return exit_code_;
  channel_.reset();
  kill(pid_, SIGTERM);
  exit_code_ = WaitExit(pid_);
  pid_ = -1;
  return exit_code_;
}

std::string TestServer::Logs() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string TestServer::CreateApiKey(const std::string& role, const std::string& client,
                                     const std::string& display_name) {
  std::vector<std::string> args = {"create-api-key", "--database-url", database_url_, "--role",
                                   role, "--display-name",
                                   display_name.empty() ? absl::StrCat("test ", role) : display_name};
  if (!client.empty()) {
    args.push_back("--client");
    args.push_back(client);
  }
  CommandResult r = RunServerCommand(args);
  if (r.exit_code != 0) throw std::runtime_error("create-api-key failed: " + r.err);
  // The secret is the only line starting with the key prefix.
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    if (absl::StartsWith(line, "sbt_")) return line;
  }
  throw std::runtime_error("create-api-key printed no secret: " + r.out);
}

std::unique_ptr<grpc::ClientContext> TestServer::Context(const std::string& key) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  if (!key.empty()) ctx->AddMetadata("authorization", absl::StrCat("Bearer ", key));
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return ctx;
}

}  // namespace supportbytime::testing
