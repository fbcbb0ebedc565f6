package dev.pacer.adapters.memory;

import dev.pacer.application.contract.ConversationHistoryContract;
import dev.pacer.application.contract.StorePorts;

class InMemoryConversationHistoryTest extends ConversationHistoryContract {

    @Override
    protected StorePorts createStore() {
        return new InMemoryStorePorts();
    }
}
