#pragma once
/// \file
/// Umbrella header of the ledger: events, the prepaid levels, the no-cut windows and cut policy,
/// the relay state machine, account parameters and state, postings and the history they consult,
/// the posting step, accounts as a fold over events, statements and closing, the keys bills are
/// posted under, and what the edges check (amounts in fen, times not far ahead of now).

#include "submeter/ledger/account.hpp"
#include "submeter/ledger/closing.hpp"
#include "submeter/ledger/cut_policy.hpp"
#include "submeter/ledger/edge.hpp"
#include "submeter/ledger/event.hpp"
#include "submeter/ledger/history.hpp"
#include "submeter/ledger/keys.hpp"
#include "submeter/ledger/level.hpp"
#include "submeter/ledger/live_deduction.hpp"
#include "submeter/ledger/outbox.hpp"
#include "submeter/ledger/post.hpp"
#include "submeter/ledger/posting.hpp"
#include "submeter/ledger/relay.hpp"
#include "submeter/ledger/state.hpp"
#include "submeter/ledger/statement.hpp"
