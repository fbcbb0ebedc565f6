package dev.pacer.adapters.memory;

import dev.pacer.application.contract.DeadLetterStoreContract;
import dev.pacer.application.contract.StorePorts;

class InMemoryDeadLetterStoreTest extends DeadLetterStoreContract {

    @Override
    protected StorePorts createStore() {
        return new InMemoryStorePorts();
    }
}
