#include "server/storage/history_store.h"
