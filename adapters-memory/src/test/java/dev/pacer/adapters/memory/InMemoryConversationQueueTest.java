package dev.pacer.adapters.memory;

import dev.pacer.application.contract.ConversationQueueContract;
import dev.pacer.application.contract.StorePorts;

class InMemoryConversationQueueTest extends ConversationQueueContract {

    @Override
    protected StorePorts createStore() {
        return new InMemoryStorePorts();
    }
}
